// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QVariant>

#include <optional>
#include <string>

namespace Dbtu::Reader {

/** A scalar as the artifact wrote it (status, message, failures can be of any JSON type). */
struct Scalar
{
    enum class Type : quint8 { Absent, Null, Bool, Int, Float, String, Object, Array };
    Type type = Type::Absent;
    bool b = false;
    qint64 i = 0;
    double d = 0;
    std::string s;
    qint64 children = 0; // for containers

    void clear()
    {
        type = Type::Absent;
        s.clear();
        children = 0;
    }
    bool present() const { return type != Type::Absent; }
    bool isNullish() const { return type == Type::Absent || type == Type::Null; }
    /** Python truthiness. */
    bool truthy() const
    {
        switch (type) {
        case Type::Absent:
        case Type::Null:
            return false;
        case Type::Bool:
            return b;
        case Type::Int:
            return i != 0;
        case Type::Float:
            return d != 0;
        case Type::String:
            return !s.empty();
        case Type::Object:
        case Type::Array:
            return children > 0;
        }
        return false;
    }
    /** Python's str() of the value, as the reference summarizer counts raw statuses. */
    std::string pyStr() const;
    QVariant toVariant() const;
    std::optional<QString> toOptString() const
    {
        if (type == Type::String) {
            return QString::fromStdString(s);
        }
        return std::nullopt;
    }
    /** The value as a number, as the reference summarizer adds up times (0 when not one). */
    double pyNum() const;
};

} // namespace Dbtu::Reader
