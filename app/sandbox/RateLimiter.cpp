// SPDX-License-Identifier: MIT
#include "sandbox/RateLimiter.h"

#include <algorithm>

namespace Dbtu::Sandbox {

namespace {
constexpr qint64 kWindowMs = 60'000;
}

RateLimiter::RateLimiter(int perMinute)
    : m_limit(std::max(perMinute, 0))
{}

void RateLimiter::setLimit(int perMinute)
{
    m_limit = std::max(perMinute, 0);
    m_calls.clear();
}

std::optional<int> RateLimiter::acquire(qint64 nowMs)
{
    if (m_limit == 0) {
        return std::nullopt;
    }
    while (!m_calls.isEmpty() && m_calls.first() <= nowMs - kWindowMs) {
        m_calls.removeFirst();
    }
    if (m_calls.size() >= m_limit) {
        const qint64 waitMs = m_calls.first() + kWindowMs - nowMs;
        return int(std::max<qint64>(1, (waitMs + 999) / 1000));
    }
    m_calls.append(nowMs);
    return std::nullopt;
}

} // namespace Dbtu::Sandbox
