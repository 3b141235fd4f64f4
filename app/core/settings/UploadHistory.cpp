// SPDX-License-Identifier: MIT
#include "settings/UploadHistory.h"

#include <QSettings>

namespace Dbtu {

namespace {
const QString kGroup = QStringLiteral("apiUpload/history");
}

QList<UploadHistory::Entry> UploadHistory::load()
{
    QSettings s;
    QList<Entry> out;
    const int n = s.beginReadArray(kGroup);
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        Entry e;
        e.when = s.value(QStringLiteral("when")).toDateTime();
        e.files = s.value(QStringLiteral("files")).toStringList();
        e.bytes = s.value(QStringLiteral("bytes")).toLongLong();
        e.profile = s.value(QStringLiteral("profile")).toString();
        e.integrationId = s.value(QStringLiteral("integration")).toString();
        e.style = s.value(QStringLiteral("style")).toString();
        e.outcome = s.value(QStringLiteral("outcome")).toString();
        out << e;
    }
    s.endArray();
    return out;
}

void UploadHistory::add(const Entry &entry)
{
    QList<Entry> all = load();
    all.prepend(entry);
    while (all.size() > kMaxEntries) {
        all.removeLast();
    }
    QSettings s;
    s.remove(kGroup);
    s.beginWriteArray(kGroup, int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        const Entry &e = all.at(i);
        s.setArrayIndex(i);
        s.setValue(QStringLiteral("when"), e.when);
        s.setValue(QStringLiteral("files"), e.files);
        s.setValue(QStringLiteral("bytes"), e.bytes);
        s.setValue(QStringLiteral("profile"), e.profile);
        s.setValue(QStringLiteral("integration"), e.integrationId);
        s.setValue(QStringLiteral("style"), e.style);
        s.setValue(QStringLiteral("outcome"), e.outcome);
    }
    s.endArray();
}

void UploadHistory::clear()
{
    QSettings().remove(kGroup);
}

} // namespace Dbtu
