// SPDX-License-Identifier: MIT
#include "artifacts/ArtifactSniffer.h"

#include <QFile>

#include <rapidjson/reader.h>

namespace Dbtu {

namespace {

/** Follows root → "metadata" → "dbt_schema_version" and stops there. */
class SniffHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, SniffHandler>
{
public:
    std::optional<QString> schema;

    bool Default() { return value(); }
    bool String(const char *text, rapidjson::SizeType length, bool)
    {
        if (m_depth == 2 && m_inMetadata && m_key == "dbt_schema_version") {
            schema = QString::fromUtf8(text, qsizetype(length));
            return false; // found: stop reading
        }
        return value();
    }
    bool Key(const char *text, rapidjson::SizeType length, bool)
    {
        if (m_depth == 1) {
            m_inMetadataKey = std::string_view(text, length) == "metadata";
            // Past the metadata with no schema named: the start does not tell.
            return !m_metadataDone;
        }
        m_key.assign(text, length);
        return true;
    }
    bool StartObject()
    {
        ++m_depth;
        if (m_depth == 2 && m_inMetadataKey) {
            m_inMetadata = true;
        }
        return true;
    }
    bool EndObject(rapidjson::SizeType)
    {
        if (m_depth == 2 && m_inMetadata) {
            m_inMetadata = false;
            m_metadataDone = true;
        }
        --m_depth;
        return m_depth > 0;
    }
    bool StartArray()
    {
        ++m_depth;
        return m_depth > 1; // a top-level array is no artifact
    }
    bool EndArray(rapidjson::SizeType)
    {
        --m_depth;
        return true;
    }

private:
    bool value() { return m_depth > 0; }

    int m_depth = 0;
    bool m_inMetadataKey = false;
    bool m_inMetadata = false;
    bool m_metadataDone = false;
    std::string m_key;
};

} // namespace

std::optional<ArtifactKind> sniffArtifactKind(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    QByteArray head = file.read(256 * 1024);
    if (head.startsWith("\xEF\xBB\xBF")) {
        head.remove(0, 3);
    }
    rapidjson::StringStream stream(head.constData()); // stops at the end (NUL) of the head
    SniffHandler handler;
    rapidjson::Reader reader;
    reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
    if (!handler.schema) {
        return std::nullopt;
    }
    if (handler.schema->contains(QLatin1String("/manifest/"))) {
        return ArtifactKind::Manifest;
    }
    if (handler.schema->contains(QLatin1String("/run-results/"))) {
        return ArtifactKind::RunResults;
    }
    return ArtifactKind::OtherJson;
}

} // namespace Dbtu
