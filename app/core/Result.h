// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <utility>
#include <variant>

namespace Dbtu {

/**
 * Either a value or an Error, spelled like std::expected: ok(), value(), error().
 * Public core functions that can fail return one; it must not be dropped.
 */
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(const T &value)
        : m_data(value)
    {}
    Result(T &&value)
        : m_data(std::move(value))
    {}
    Result(const Error &error)
        : m_data(error)
    {}
    Result(Error &&error)
        : m_data(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(const Error &error)
        : m_error(error)
        , m_failed(true)
    {}
    Result(Error &&error)
        : m_error(std::move(error))
        , m_failed(true)
    {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace Dbtu
