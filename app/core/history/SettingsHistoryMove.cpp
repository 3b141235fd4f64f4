// SPDX-License-Identifier: MIT
#include "history/SettingsHistoryMove.h"

#include "history/HistoryStore.h"
#include "settings/UploadHistory.h"

#include <algorithm>

namespace Dbtu {

Result<int> moveSettingsHistory(HistoryStore &store)
{
    const QList<UploadHistory::Entry> entries = UploadHistory::load();
    if (entries.isEmpty()) {
        return 0;
    }
    QList<UploadRecord> records;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const UploadHistory::Entry &e = *it;
        UploadRecord r;
        r.startedAt = e.when;
        r.finishedAt = e.when;
        r.kind = UploadRecord::Kind::Api;
        r.origin = UploadRecord::Origin::Window;
        r.profile = e.profile;
        r.integrationId = e.integrationId;
        r.style = e.style;
        r.bytes = e.bytes;
        for (const QString &name : e.files) {
            r.files << UploadRecord::File{name, -1, {}}; // the list kept no size per file
        }
        // The list kept one line ("sync finished", "failed: …", "cancelled"): the outcome is
        // read from its first word, the line is kept whole.
        if (e.outcome.startsWith(QLatin1String("failed"))) {
            r.outcome = UploadRecord::Outcome::Failed;
            r.error = e.outcome;
        } else if (e.outcome.startsWith(QLatin1String("cancelled"))) {
            r.outcome = UploadRecord::Outcome::Cancelled;
            r.error = e.outcome;
        } else {
            r.outcome = UploadRecord::Outcome::Succeeded;
            r.syncEnd = e.outcome;
        }
        records << r;
    }
    if (Result<void> added = store.addAll(records); !added) {
        return added.error();
    }
    UploadHistory::clear();
    return int(records.size());
}

} // namespace Dbtu
