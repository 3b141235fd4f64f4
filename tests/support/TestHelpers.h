// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"

#include <QTest>

namespace QTest {
template<>
inline char *toString(const Dbtu::Error &error)
{
    return qstrdup(QStringLiteral("Error(%1: %2 | hint: %3 | %4)")
                       .arg(int(error.code))
                       .arg(error.message, error.hint, error.detail)
                       .toUtf8()
                       .constData());
}
} // namespace QTest

/** Verifies that a Result is ok, printing its error when it is not. */
#define QVERIFY_OK(result)                                                                         \
    do {                                                                                           \
        const auto &r_ = (result);                                                                 \
        if (!r_.ok()) {                                                                            \
            QFAIL(QTest::toString(r_.error()));                                                    \
        }                                                                                          \
    } while (false)
