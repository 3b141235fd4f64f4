// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace Dbtu {

/** One object (blob) as a listing shows it. */
struct BucketObject
{
    QString key; ///< the full key, prefix included
    qint64 size = 0;
    QDateTime lastModified; ///< UTC; invalid when the listing did not say

    /** The last path segment of key. */
    QString name() const { return key.section(QLatin1Char('/'), -1); }
};

/** One page of a listing, and where the next page starts (empty: the last page). */
struct BucketListing
{
    QList<BucketObject> objects;
    QString nextMarker;
};

} // namespace Dbtu
