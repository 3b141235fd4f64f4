// SPDX-License-Identifier: MIT
#pragma once

#include <QNetworkReply>
#include <QString>

namespace Dbtu {

/**
 * One line for the debug log about a finished reply: its method, its URL through
 * Redactor::url() and how it ended ("HTTP 401", or the network error). Never a header or a body.
 */
QString describeReply(const QNetworkReply &reply);

} // namespace Dbtu
