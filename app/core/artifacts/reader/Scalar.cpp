// SPDX-License-Identifier: MIT
#include "artifacts/reader/Scalar.h"

#include <cmath>

namespace Dbtu::Reader {

std::string Scalar::pyStr() const
{
    switch (type) {
    case Type::Absent:
    case Type::Null:
        return "None";
    case Type::Bool:
        return b ? "True" : "False";
    case Type::Int:
        return std::to_string(i);
    case Type::Float: {
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e16) {
            return std::to_string(static_cast<long long>(d)) + ".0";
        }
        return QString::number(d, 'g', 17).toStdString();
    }
    case Type::String:
        return s;
    case Type::Object:
        return "{...}";
    case Type::Array:
        return "[...]";
    }
    return {};
}

QVariant Scalar::toVariant() const
{
    switch (type) {
    case Type::Absent:
    case Type::Null:
    case Type::Object:
    case Type::Array:
        return {};
    case Type::Bool:
        return b;
    case Type::Int:
        return i;
    case Type::Float:
        return d;
    case Type::String:
        return QString::fromStdString(s);
    }
    return {};
}

double Scalar::pyNum() const
{
    switch (type) {
    case Type::Bool:
        return b ? 1.0 : 0.0;
    case Type::Int:
        return static_cast<double>(i);
    case Type::Float:
        return std::isfinite(d) ? d : 0.0;
    case Type::String: {
        bool ok = false;
        const double value = QString::fromStdString(s).trimmed().toDouble(&ok);
        return ok && std::isfinite(value) ? value : 0.0;
    }
    default:
        return 0.0;
    }
}

} // namespace Dbtu::Reader
