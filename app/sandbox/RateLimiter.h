// SPDX-License-Identifier: MIT
#pragma once

#include <QList>

#include <optional>

namespace Dbtu::Sandbox {

/** A sliding 60-second window: at most limit() calls in any minute. Time is given in ms. */
class RateLimiter
{
public:
    explicit RateLimiter(int perMinute);

    int limit() const { return m_limit; }
    /** A new limit (0: none); forgets the calls counted so far. */
    void setLimit(int perMinute);

    /** Counts a call at nowMs; when over the limit, returns the seconds to wait (not counted). */
    std::optional<int> acquire(qint64 nowMs);

private:
    int m_limit = 0;
    QList<qint64> m_calls; ///< times of the calls in the current window, oldest first
};

} // namespace Dbtu::Sandbox
