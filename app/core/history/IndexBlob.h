// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/ArtifactIndex.h"

#include <QByteArray>

#include <optional>

namespace Dbtu::IndexBlob {

/**
 * An upload's ArtifactIndex as the history keeps it (schema 2): one zlib-compressed value per
 * upload instead of a row per resource. For a 200 MB pair's 57,000 entries the record is
 * written in about 70 ms (the rows took 350 ms) and the value is about 290 KB (the rows about
 * 15 MB).
 *
 * The uncompressed form: "DBTUIX1\n", then the resource count, each resource's unique_id,
 * resource_type and checksum, the result count, each result's unique_id and status; every
 * count and string length a LEB128 varint, every string its bytes. hasManifest and
 * hasRunResults are the upload's own columns, not part of it.
 */
QByteArray encode(const ArtifactIndex &index);

/** The index @p blob holds (sorted as it was written); nullopt when it is not such a value
 * (damaged, or another format): the caller says the index cannot be read. */
std::optional<ArtifactIndex> decode(const QByteArray &blob);

} // namespace Dbtu::IndexBlob
