// SPDX-License-Identifier: MIT
#include "util/TextFormat.h"

#include <QLocale>

namespace Dbtu {

QString humanSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

} // namespace Dbtu
