// SPDX-License-Identifier: MIT
#include "diff/ArtifactDiffJson.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace Dbtu {

namespace {

/**
 * Writes the document as it goes, pretty-printed as nlohmann's dump(2) would, so that a diff of
 * two big manifests never holds a second copy of its id lists as a JSON tree.
 */
class PrettyJsonWriter
{
public:
    explicit PrettyJsonWriter(std::ostream &out)
        : m_out(out)
    {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    /** Writes the key; the value follows, e.g. w.key("id").integer(7). */
    PrettyJsonWriter &key(std::string_view name)
    {
        element();
        writeString(name);
        m_out << ": ";
        m_afterKey = true;
        return *this;
    }
    void string(std::string_view s)
    {
        element();
        writeString(s);
    }
    void integer(long long value)
    {
        element();
        m_out << value;
    }
    void null()
    {
        element();
        m_out << "null";
    }
    void optionalString(const std::optional<QString> &s)
    {
        if (s) {
            string(s->toStdString());
        } else {
            null();
        }
    }
    void stringArray(const std::vector<std::string> &items)
    {
        beginArray();
        for (const std::string &item : items) {
            string(item);
        }
        endArray();
    }

private:
    // A value in an array or an object: its comma, its new line and its indent; after a key
    // the value follows on the same line.
    void element()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_depth == 0) {
            return;
        }
        if (m_hasItems) {
            m_out << ',';
        }
        m_out << '\n' << std::string(2 * m_depth, ' ');
        m_hasItems = true;
    }
    void open(char bracket)
    {
        element();
        m_out << bracket;
        ++m_depth;
        m_hasItems = false;
    }
    void close(char bracket)
    {
        --m_depth;
        if (m_hasItems) {
            m_out << '\n' << std::string(2 * m_depth, ' ');
        }
        m_out << bracket;
        m_hasItems = true; // the container just closed is an item of its parent
        if (m_depth == 0) {
            m_out << '\n';
        }
    }
    // Plain printable ASCII goes out as it is; anything else is escaped by nlohmann, a stray
    // invalid byte becoming U+FFFD (never an abort, never invalid output).
    void writeString(std::string_view s)
    {
        bool plain = true;
        for (const char c : s) {
            if (c < 0x20 || c == '"' || c == '\\' || static_cast<unsigned char>(c) >= 0x7f) {
                plain = false;
                break;
            }
        }
        if (plain) {
            m_out << '"' << s << '"';
        } else {
            m_out << nlohmann::json(s).dump(-1, ' ', false,
                                            nlohmann::json::error_handler_t::replace);
        }
    }

    std::ostream &m_out;
    int m_depth = 0;
    bool m_hasItems = false;
    bool m_afterKey = false;
};

void writeSide(PrettyJsonWriter &w, const DiffSide &s)
{
    w.beginObject();
    w.key("manifest").optionalString(s.manifestPath);
    w.key("run_results").optionalString(s.runResultsPath);
    w.key("invocation_id").optionalString(s.invocationId);
    w.key("generated_at").optionalString(s.generatedAt);
    w.key("upload");
    if (s.upload) {
        // OLD is `@last`: the upload from the history, its files by name only.
        const UploadRecord &r = *s.upload;
        w.beginObject();
        w.key("id").integer(r.id);
        w.key("finished_at").string(r.finishedAt.toUTC().toString(Qt::ISODate).toStdString());
        w.key("profile").optionalString(r.profile.isEmpty() ? std::nullopt
                                                            : std::optional<QString>(r.profile));
        w.key("destination").string(r.destination().toStdString());
        w.key("files");
        w.beginArray();
        for (const UploadRecord::File &f : r.files) {
            w.string(f.name.toStdString());
        }
        w.endArray();
        w.endObject();
    } else {
        w.null();
    }
    w.endObject();
}

} // namespace

void writeArtifactDiffJson(const DiffSides &sides, const ArtifactDiff &diff, std::ostream &out)
{
    PrettyJsonWriter w(out);
    w.beginObject();
    w.key("old");
    writeSide(w, sides.oldSide);
    w.key("new");
    writeSide(w, sides.newSide);
    w.key("resources");
    if (diff.resources) {
        w.beginObject();
        for (const auto &[type, changes] : *diff.resources) {
            if (changes.isEmpty()) {
                continue;
            }
            w.key(type);
            w.beginObject();
            w.key("added").stringArray(changes.added);
            w.key("removed").stringArray(changes.removed);
            w.key("modified").stringArray(changes.modified);
            w.endObject();
        }
        w.endObject();
    } else {
        w.null();
    }
    w.key("results");
    if (diff.results) {
        w.beginObject();
        w.key("newly_failing").stringArray(diff.results->newlyFailing);
        w.key("fixed").stringArray(diff.results->fixed);
        w.endObject();
    } else {
        w.null();
    }
    w.endObject();
    out.flush();
}

} // namespace Dbtu
