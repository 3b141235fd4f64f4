// SPDX-License-Identifier: MIT
#pragma once

#include "Result.h"

namespace Dbtu {

class HistoryStore;

/**
 * Moves the list of last uploads that earlier versions kept in the settings (UploadHistory) into
 * @p store, once: the entries are added in one transaction (oldest first, so ids keep their
 * order), then removed from the settings. A list that is empty (moved before, or never written)
 * costs nothing. Returns how many entries moved. On an error the settings keep the list, so
 * the next start tries again.
 */
Result<int> moveSettingsHistory(HistoryStore &store);

} // namespace Dbtu
