// SPDX-License-Identifier: MIT
#include "ArtifactReader.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string_view>

namespace Dbtu {

namespace {

using namespace std::string_view_literals;

QString tr(const char *text)
{
    return QCoreApplication::translate("Dbtu::ArtifactReader", text);
}

// ---------------------------------------------------------------------------------------------
// Input: a RapidJSON input stream reading the file in 1 MiB chunks. Each refill reports progress,
// honours cancel and checks the chunk: the parser never sees a NUL byte or invalid UTF-8, because
// the stream ends (a '\0' sentinel) at the first such byte, or when cancelled or on a read error.
// The parser then stops with an error at that very offset, and the caller tells why.
// ---------------------------------------------------------------------------------------------
class ChunkedFileStream
{
public:
    using Ch = char;
    enum class Stop : quint8 { None, EndOfFile, Cancelled, ReadError, NulByte, InvalidUtf8 };

    ChunkedFileStream(std::FILE *file, ReadControl *control)
        : m_file(file)
        , m_control(control)
    {
        refill();
        if (m_end - m_cur >= 3 && std::memcmp(m_cur, "\xEF\xBB\xBF", 3) == 0) {
            m_cur += 3; // a UTF-8 byte order mark, as some editors write
        }
    }
    /** Why the input ended (EndOfFile when the parser consumed all of it). */
    Stop stop() const { return m_stop; }
    /** The offset of the byte that stopped the input (NulByte, InvalidUtf8). */
    size_t stopOffset() const { return m_stopOffset; }
    /** The byte at offset if it is still in the buffer. */
    std::optional<unsigned char> byteAt(size_t offset) const
    {
        if (offset < m_bufferOffset || offset >= m_bufferOffset + size_t(m_end - m_buffer.get())) {
            return std::nullopt;
        }
        return static_cast<unsigned char>(m_buffer[offset - m_bufferOffset]);
    }

    // RapidJSON's input stream concept
    Ch Peek() const { return *m_cur; }
    Ch Take()
    {
        const Ch c = *m_cur;
        if (++m_cur >= m_end) {
            if (m_cur > m_end) {
                m_cur = m_end; // taking the sentinel at the end: stay on it
            } else {
                refill();
            }
        }
        return c;
    }
    size_t Tell() const { return m_bufferOffset + size_t(m_cur - m_buffer.get()); }
    Ch *PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    size_t PutEnd(Ch *) { return 0; }

private:
    void refill()
    {
        m_bufferOffset += size_t(m_end - m_buffer.get());
        m_cur = m_end = m_buffer.get();
        m_buffer[0] = '\0';
        if (m_stop != Stop::None) {
            return;
        }
        if (m_control && m_control->cancelled.load(std::memory_order_relaxed)) {
            m_stop = Stop::Cancelled;
            return;
        }
        // Keep a UTF-8 sequence cut by the previous chunk's end whole in this one.
        std::memcpy(m_buffer.get(), m_carry.data(), m_carrySize);
        const size_t n = std::fread(m_buffer.get() + m_carrySize, 1, kChunk, m_file);
        if (n == 0) {
            m_stop = std::ferror(m_file) != 0 ? Stop::ReadError
                     : m_carrySize > 0        ? Stop::InvalidUtf8
                                              : Stop::EndOfFile;
            m_stopOffset = m_bufferOffset;
            return;
        }
        if (m_control) {
            m_control->bytesRead.fetch_add(static_cast<qint64>(n), std::memory_order_relaxed);
        }
        const size_t size = m_carrySize + n;
        m_carrySize = 0;
        size_t valid = checkBytes(m_buffer.get(), size);
        if (valid < size && m_stop == Stop::None && size - valid < 4 && !std::feof(m_file)) {
            m_carrySize = size - valid; // an incomplete sequence at the end: finish it next time
            std::memcpy(m_carry.data(), m_buffer.get() + valid, m_carrySize);
        } else if (valid < size) {
            if (m_stop == Stop::None) {
                m_stop = Stop::InvalidUtf8;
            }
            m_stopOffset = m_bufferOffset + valid;
        }
        m_end = m_buffer.get() + valid;
        *m_end = '\0';
    }

    /**
     * The length of the leading part of data that is well-formed UTF-8 without NUL bytes; sets
     * m_stop to NulByte or InvalidUtf8 when it stops before size at a bad byte (an incomplete
     * sequence right at the end leaves m_stop unset).
     */
    size_t checkBytes(const char *data, size_t size)
    {
        const auto *p = reinterpret_cast<const unsigned char *>(data);
        size_t i = 0;
        while (i < size) {
            if (size - i >= 8) {
                quint64 word;
                std::memcpy(&word, p + i, 8);
                // all ASCII and no zero byte: the common case, eight bytes at a time
                if ((word & 0x8080808080808080ULL) == 0
                    && ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) == 0) {
                    i += 8;
                    continue;
                }
            }
            const unsigned char c = p[i];
            if (c == 0) {
                m_stop = Stop::NulByte;
                return i;
            }
            if (c < 0x80) {
                ++i;
                continue;
            }
            const size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                                  : c >= 0xE0 && c <= 0xEF ? 3
                                  : c >= 0xF0 && c <= 0xF4 ? 4
                                                           : 0;
            if (length == 0) {
                m_stop = Stop::InvalidUtf8;
                return i;
            }
            // the second byte's range excludes overlongs, surrogates and code points > U+10FFFF
            const unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            const unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            for (size_t k = 1; k < length; ++k) {
                if (i + k >= size) {
                    return i; // cut by the chunk's end
                }
                const unsigned char b = p[i + k];
                if (k == 1 ? (b < low || b > high) : (b & 0xC0) != 0x80) {
                    m_stop = Stop::InvalidUtf8;
                    return i;
                }
            }
            i += length;
        }
        return size;
    }

    static constexpr size_t kChunk = size_t(1) << 20;
    std::FILE *m_file;
    ReadControl *m_control;
    // + carry, + sentinel; left uninitialized: only what fread() filled is ever read (a zeroed
    // MiB per file cost more than reading a small file)
    std::unique_ptr<char[]> m_buffer = std::make_unique_for_overwrite<char[]>(kChunk + 4);
    std::array<char, 4> m_carry{};
    size_t m_carrySize = 0;
    const char *m_cur = nullptr;
    char *m_end = m_buffer.get();
    size_t m_bufferOffset = 0; // file offset of m_buffer[0]
    Stop m_stop = Stop::None;
    size_t m_stopOffset = 0;
};

// ---------------------------------------------------------------------------------------------
// Scalars as the artifact wrote them (status, message, failures can be of any JSON type).
// ---------------------------------------------------------------------------------------------
struct Scalar
{
    enum class Type : quint8 { Absent, Null, Bool, Int, Float, String, Object, Array };
    Type type = Type::Absent;
    bool b = false;
    qint64 i = 0;
    double d = 0;
    std::string s;
    qint64 children = 0; // for containers

    void clear()
    {
        type = Type::Absent;
        s.clear();
        children = 0;
    }
    bool present() const { return type != Type::Absent; }
    bool isNullish() const { return type == Type::Absent || type == Type::Null; }
    /** Python truthiness. */
    bool truthy() const
    {
        switch (type) {
        case Type::Absent:
        case Type::Null:
            return false;
        case Type::Bool:
            return b;
        case Type::Int:
            return i != 0;
        case Type::Float:
            return d != 0;
        case Type::String:
            return !s.empty();
        case Type::Object:
        case Type::Array:
            return children > 0;
        }
        return false;
    }
    /** Python's str() of the value, as the reference summarizer counts raw statuses. */
    std::string pyStr() const
    {
        switch (type) {
        case Type::Absent:
        case Type::Null:
            return "None";
        case Type::Bool:
            return b ? "True" : "False";
        case Type::Int:
            return std::to_string(i);
        case Type::Float: {
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e16) {
                return std::to_string(static_cast<long long>(d)) + ".0";
            }
            return QString::number(d, 'g', 17).toStdString();
        }
        case Type::String:
            return s;
        case Type::Object:
            return "{...}";
        case Type::Array:
            return "[...]";
        }
        return {};
    }
    QVariant toVariant() const
    {
        switch (type) {
        case Type::Absent:
        case Type::Null:
        case Type::Object:
        case Type::Array:
            return {};
        case Type::Bool:
            return b;
        case Type::Int:
            return i;
        case Type::Float:
            return d;
        case Type::String:
            return QString::fromStdString(s);
        }
        return {};
    }
    std::optional<QString> toOptString() const
    {
        if (type == Type::String) {
            return QString::fromStdString(s);
        }
        return std::nullopt;
    }
};

double pyNum(const Scalar &v)
{
    switch (v.type) {
    case Scalar::Type::Bool:
        return v.b ? 1.0 : 0.0;
    case Scalar::Type::Int:
        return static_cast<double>(v.i);
    case Scalar::Type::Float:
        return std::isfinite(v.d) ? v.d : 0.0;
    case Scalar::Type::String: {
        bool ok = false;
        const double d = QString::fromStdString(v.s).trimmed().toDouble(&ok);
        return ok && std::isfinite(d) ? d : 0.0;
    }
    default:
        return 0.0;
    }
}

std::string_view rtypeFromUid(std::string_view uid, bool isString)
{
    if (!isString) {
        return "unknown"sv;
    }
    const auto dot = uid.find('.');
    if (dot == std::string_view::npos) {
        return "unknown"sv;
    }
    return uid.substr(0, dot);
}

// ---------------------------------------------------------------------------------------------
// The SAX handler: a stack of frames, each with a role; anything not of interest is skipped
// by depth counting only, which keeps the summary close to the parser's own speed.
// ---------------------------------------------------------------------------------------------
enum class Role : quint8 {
    Root,
    Metadata,
    Args,
    ResourceCollection,
    Resource,
    ResourceConfig,
    Counter,         // counts children (docs, selectors, files, list-valued collections)
    DisabledDict,    // {unique_id: [node, ...]}
    DisabledEntries, // the list under one disabled id
    DisabledList,    // legacy: [node, ...]
    DisabledNode,
    Results,
    Result,
    ResultNode,
    Probe, // a container whose truthiness (has children?) is all we need
};

enum class Field : quint8 {
    Other,
    // root
    Metadata,
    Collection,
    CountedCollection,
    Disabled,
    Results,
    Args,
    ElapsedTime,
    GeneratedAt,
    // metadata
    DbtVersion,
    DbtSchemaVersion,
    InvocationId,
    InvocationStartedAt,
    ProjectName,
    ProjectId,
    AdapterType,
    // args
    Which,
    InvocationCommand,
    // resource
    ResourceType,
    PackageName,
    Config,
    TestMetadata,
    Materialized,
    // result
    UniqueId,
    Status,
    Message,
    Failures,
    ExecutionTime,
    Timing,
    Node,
    ErrorField,
    Skip,
    Fail,
    Warn,
};

// The manifest's {unique_id: resource} collections, with the resource type of their entries.
struct CollectionDef
{
    std::string_view name;
    std::string_view defaultType; // empty: none (nodes)
};
constexpr std::array<CollectionDef, 10> kResourceCollections{{
    {"nodes", ""},
    {"sources", "source"},
    {"exposures", "exposure"},
    {"metrics", "metric"},
    {"semantic_models", "semantic_model"},
    {"saved_queries", "saved_query"},
    {"macros", "macro"},
    {"groups", "group"},
    {"unit_tests", "unit_test"},
    {"functions", "function"},
}};
constexpr std::array<std::string_view, 3> kOtherCollections{{"docs", "selectors", "files"}};
constexpr int kNodes = 0;
constexpr int kMacros = 6;
constexpr int kCollectionCount = int(kResourceCollections.size() + kOtherCollections.size());

struct Frame
{
    Role role;
    bool isArray;
    Field key = Field::Other;
    qint8 collection = -1;
    qint64 children = 0;
};

struct RowKey
{
    double time;
    std::string uid;
    qint64 index;
    bool uidIsString;
    std::string status;
    bool operator<(const RowKey &o) const
    {
        if (time != o.time) {
            return time > o.time;
        }
        if (uid != o.uid) {
            return uid < o.uid;
        }
        return index < o.index;
    }
};

class SummaryHandler
{
public:
    // --- state read by the caller once parsing ends ---
    bool rootIsObject = false;
    bool sawRoot = false;
    std::set<std::string> rootObjectKeys; // top-level keys holding an object
    std::set<std::string> rootKeys;

    // metadata
    Scalar mDbtVersion, mSchema, mGeneratedAt, mInvocationId, mInvocationStartedAt, mProjectName,
        mProjectId, mAdapterType;
    Scalar topGeneratedAt, elapsedTime;
    Scalar argsWhich, argsInvocationCommand;

    // manifest
    std::array<std::optional<qint64>, kCollectionCount> collectionSizes{};
    std::map<std::string, qint64> resourceTypes, materializations, testKinds;
    std::set<std::string> packages, macroPackages;
    std::vector<quint64> idHashes, testIdHashes;
    std::optional<qint64> disabledDefinitions, disabledIds;
    std::set<std::string> disabledListIds;
    bool disabledListHasNullId = false;
    bool nodesIsObject = false;
    bool resultsIsArray = false;

    // run_results
    qint64 resultCount = 0;
    std::map<std::string, qint64> rawCounts, normCounts, byResourceType;
    double totalExec = 0;
    qint64 noTiming = 0;
    std::vector<RowKey> slowest;
    QList<Problem> problems;
    std::shared_ptr<RunResultsSummary::ResultIds> resultIds
        = std::make_shared<RunResultsSummary::ResultIds>();
    bool sawLegacyResult = false;

    // --- RapidJSON SAX handler interface ---
    bool Null()
    {
        if (m_skip) {
            return true;
        }
        Scalar &v = scalarSlot();
        if (m_slot) {
            v.type = Scalar::Type::Null;
        }
        scalarDone();
        return true;
    }
    bool Bool(bool val)
    {
        if (m_skip) {
            return true;
        }
        Scalar &v = scalarSlot();
        if (m_slot) {
            v.type = Scalar::Type::Bool;
            v.b = val;
        }
        scalarDone();
        return true;
    }
    bool Int(int val) { return Int64(val); }
    bool Uint(unsigned val) { return Int64(val); }
    bool Int64(int64_t val)
    {
        if (m_skip) {
            return true;
        }
        Scalar &v = scalarSlot();
        if (m_slot) {
            v.type = Scalar::Type::Int;
            v.i = val;
        }
        scalarDone();
        return true;
    }
    bool Uint64(uint64_t val)
    {
        if (val <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            return Int64(static_cast<int64_t>(val));
        }
        return Double(static_cast<double>(val));
    }
    bool Double(double val)
    {
        if (m_skip) {
            return true;
        }
        Scalar &v = scalarSlot();
        if (m_slot) {
            v.type = Scalar::Type::Float;
            v.d = val;
        }
        scalarDone();
        return true;
    }
    // Numbers arrive as their text (kParseNumbersAsStringsFlag) and are converted by a second
    // parse of that text alone, at full precision as before, except a zero written as a double
    // with a large exponent (0e300, -0.0e-99): RapidJSON 1.1 turns it into garbage (a negative
    // tiny number; its DiyFp::Normalize() passes 0 to clz). Fixed upstream after 1.1.0.
    bool RawNumber(const char *text, rapidjson::SizeType length, bool /*copy*/)
    {
        if (m_skip) {
            return true;
        }
        const std::string_view number(text, length);
        const std::string_view significand = number.substr(0, number.find_first_of("eE"));
        if (number.find_first_of(".eE") != std::string_view::npos
            && significand.find_first_not_of("-0.") == std::string_view::npos) {
            return Double(number.front() == '-' ? -0.0 : 0.0);
        }
        rapidjson::StringStream stream(text); // RapidJSON ends the text with a NUL
        return !m_numberReader.Parse<rapidjson::kParseFullPrecisionFlag>(stream, *this).IsError();
    }
    bool String(const char *text, rapidjson::SizeType length, bool /*copy*/)
    {
        if (m_skip) {
            return true;
        }
        Scalar &v = scalarSlot();
        if (m_slot) {
            v.type = Scalar::Type::String;
            v.s.assign(text, length);
        }
        scalarDone();
        return true;
    }

    bool StartObject() { return startContainer(false); }
    bool StartArray() { return startContainer(true); }
    bool EndObject(rapidjson::SizeType /*members*/) { return endContainer(); }
    bool EndArray(rapidjson::SizeType /*elements*/) { return endContainer(); }

    bool Key(const char *text, rapidjson::SizeType length, bool /*copy*/)
    {
        if (m_skip) {
            return true;
        }
        Frame &f = m_stack.back();
        ++f.children;
        m_key.assign(text, length);
        f.key = classify(f, m_key);
        return true;
    }

private:
    rapidjson::Reader m_numberReader; ///< converts each number's text (RawNumber)
    std::vector<Frame> m_stack;
    qint64 m_skip = 0;
    Scalar *m_slot = nullptr; // where the next scalar goes (nullptr: nowhere)
    std::string m_key;        // the key being classified (its buffer is reused)
    Scalar m_discard;

    // resource being read
    std::string m_uid;
    int m_collection = -1;
    Scalar m_rType, m_package, m_materialized, m_testMetadata;

    // result being read
    Scalar m_rUid, m_rStatus, m_rMessage, m_rFailures, m_rExec, m_rTiming, m_rError, m_rSkip,
        m_rFail, m_rWarn, m_rNodeUid;
    bool m_rHasNode = false;
    bool m_rHasUid = false;

    // disabled list entry
    Scalar m_disabledUid;

    Field classify(const Frame &f, const std::string &name)
    {
        switch (f.role) {
        case Role::Root:
            rootKeys.insert(name);
            if (name == "metadata"sv) {
                return Field::Metadata;
            }
            if (name == "results"sv) {
                return Field::Results;
            }
            if (name == "args"sv) {
                return Field::Args;
            }
            if (name == "elapsed_time"sv) {
                return Field::ElapsedTime;
            }
            if (name == "generated_at"sv) {
                return Field::GeneratedAt;
            }
            if (name == "disabled"sv) {
                return Field::Disabled;
            }
            for (size_t i = 0; i < kResourceCollections.size(); ++i) {
                if (name == kResourceCollections[i].name) {
                    m_collection = int(i);
                    return Field::Collection;
                }
            }
            for (size_t i = 0; i < kOtherCollections.size(); ++i) {
                if (name == kOtherCollections[i]) {
                    m_collection = int(kResourceCollections.size() + i);
                    return Field::CountedCollection;
                }
            }
            m_pendingRootKey = name;
            return Field::Other;
        case Role::Metadata:
            switch (name.size()) {
            case 11:
                return name == "dbt_version"sv ? Field::DbtVersion : Field::Other;
            case 12:
                if (name == "generated_at"sv) {
                    return Field::GeneratedAt;
                }
                if (name == "project_name"sv) {
                    return Field::ProjectName;
                }
                return name == "adapter_type"sv ? Field::AdapterType : Field::Other;
            case 10:
                return name == "project_id"sv ? Field::ProjectId : Field::Other;
            case 13:
                return name == "invocation_id"sv ? Field::InvocationId : Field::Other;
            case 18:
                return name == "dbt_schema_version"sv ? Field::DbtSchemaVersion : Field::Other;
            case 21:
                return name == "invocation_started_at"sv ? Field::InvocationStartedAt
                                                         : Field::Other;
            default:
                return Field::Other;
            }
        case Role::Args:
            if (name == "which"sv) {
                return Field::Which;
            }
            return name == "invocation_command"sv ? Field::InvocationCommand : Field::Other;
        case Role::ResourceCollection:
            // each key is a unique_id; its value is the resource
            beginResource(name);
            return Field::Other;
        case Role::Resource:
            switch (name.size()) {
            case 13:
                if (name == "resource_type"sv) {
                    return Field::ResourceType;
                }
                return name == "test_metadata"sv ? Field::TestMetadata : Field::Other;
            case 12:
                return name == "package_name"sv ? Field::PackageName : Field::Other;
            case 6:
                return name == "config"sv ? Field::Config : Field::Other;
            default:
                return Field::Other;
            }
        case Role::ResourceConfig:
            return name == "materialized"sv ? Field::Materialized : Field::Other;
        case Role::DisabledDict:
            disabledIds = disabledIds.value_or(0) + 1;
            return Field::Other;
        case Role::DisabledNode:
            return name == "unique_id"sv ? Field::UniqueId : Field::Other;
        case Role::Result:
            switch (name.size()) {
            case 9:
                return name == "unique_id"sv ? Field::UniqueId : Field::Other;
            case 6:
                if (name == "status"sv) {
                    return Field::Status;
                }
                return name == "timing"sv ? Field::Timing : Field::Other;
            case 7:
                return name == "message"sv ? Field::Message : Field::Other;
            case 8:
                return name == "failures"sv ? Field::Failures : Field::Other;
            case 14:
                return name == "execution_time"sv ? Field::ExecutionTime : Field::Other;
            case 5:
                return name == "error"sv ? Field::ErrorField : Field::Other;
            case 4:
                if (name == "node"sv) {
                    return Field::Node;
                }
                if (name == "skip"sv) {
                    return Field::Skip;
                }
                if (name == "fail"sv) {
                    return Field::Fail;
                }
                return name == "warn"sv ? Field::Warn : Field::Other;
            default:
                return Field::Other;
            }
        case Role::ResultNode:
            return name == "unique_id"sv ? Field::UniqueId : Field::Other;
        case Role::Counter:
        case Role::DisabledEntries:
        case Role::DisabledList:
        case Role::Results:
        case Role::Probe:
            return Field::Other;
        }
        return Field::Other;
    }

    std::string m_pendingRootKey;

    // Where a scalar value arriving now belongs; also counts array children.
    Scalar &scalarSlot()
    {
        m_slot = nullptr;
        if (m_stack.empty()) {
            return m_discard; // a scalar at the top level
        }
        Frame &f = m_stack.back();
        if (f.isArray) {
            ++f.children;
        }
        m_slot = slotFor(f);
        if (m_slot) {
            m_slot->clear();
            return *m_slot;
        }
        return m_discard;
    }

    Scalar *slotFor(const Frame &f)
    {
        switch (f.role) {
        case Role::Root:
            if (f.key == Field::ElapsedTime) {
                return &elapsedTime;
            }
            if (f.key == Field::GeneratedAt) {
                return &topGeneratedAt;
            }
            return nullptr;
        case Role::Metadata:
            switch (f.key) {
            case Field::DbtVersion:
                return &mDbtVersion;
            case Field::DbtSchemaVersion:
                return &mSchema;
            case Field::GeneratedAt:
                return &mGeneratedAt;
            case Field::InvocationId:
                return &mInvocationId;
            case Field::InvocationStartedAt:
                return &mInvocationStartedAt;
            case Field::ProjectName:
                return &mProjectName;
            case Field::ProjectId:
                return &mProjectId;
            case Field::AdapterType:
                return &mAdapterType;
            default:
                return nullptr;
            }
        case Role::Args:
            if (f.key == Field::Which) {
                return &argsWhich;
            }
            return f.key == Field::InvocationCommand ? &argsInvocationCommand : nullptr;
        case Role::Resource:
            if (f.isArray) {
                return nullptr;
            }
            switch (f.key) {
            case Field::ResourceType:
                return &m_rType;
            case Field::PackageName:
                return &m_package;
            case Field::TestMetadata:
                return &m_testMetadata;
            case Field::Config: // a config that is not an object: no materialization
                return nullptr;
            default:
                return nullptr;
            }
        case Role::ResourceConfig:
            return f.key == Field::Materialized ? &m_materialized : nullptr;
        case Role::DisabledNode:
            return f.key == Field::UniqueId ? &m_disabledUid : nullptr;
        case Role::Result:
            if (f.isArray) {
                return nullptr;
            }
            return resultSlot(f.key);
        case Role::ResultNode:
            return f.key == Field::UniqueId ? &m_rNodeUid : nullptr;
        default:
            return nullptr;
        }
    }

    Scalar *resultSlot(Field key)
    {
        switch (key) {
        case Field::UniqueId:
            m_rHasUid = true;
            return &m_rUid;
        case Field::Status:
            return &m_rStatus;
        case Field::Message:
            return &m_rMessage;
        case Field::Failures:
            return &m_rFailures;
        case Field::ExecutionTime:
            return &m_rExec;
        case Field::Timing:
            return &m_rTiming;
        case Field::ErrorField:
            return &m_rError;
        case Field::Skip:
            return &m_rSkip;
        case Field::Fail:
            return &m_rFail;
        case Field::Warn:
            return &m_rWarn;
        case Field::Node:
            m_rHasNode = true;
            return nullptr;
        default:
            return nullptr;
        }
    }

    // A scalar value has been stored: finish single-value entities.
    void scalarDone()
    {
        if (m_stack.empty()) {
            sawRoot = true;
            return;
        }
        const Frame &f = m_stack.back();
        switch (f.role) {
        case Role::ResourceCollection:
            if (!f.isArray) {
                endResource(); // a resource that is not an object counts as an empty one
            }
            break;
        case Role::DisabledDict:
            disabledDefinitions = disabledDefinitions.value_or(0) + 1;
            break;
        case Role::DisabledList:
            disabledDefinitions = disabledDefinitions.value_or(0) + 1;
            disabledListHasNullId = true;
            break;
        case Role::Results:
            beginResult();
            endResult();
            break;
        default:
            break;
        }
    }

    bool startContainer(bool isArray)
    {
        if (m_skip) {
            ++m_skip;
            return true;
        }
        if (m_stack.empty()) {
            sawRoot = true;
            rootIsObject = !isArray;
            if (isArray) {
                m_skip = 1;
                return true;
            }
            m_stack.push_back({Role::Root, false});
            return true;
        }
        Frame &parent = m_stack.back();
        if (parent.isArray) {
            ++parent.children;
        }
        const std::optional<Role> role = childRole(parent, isArray);
        if (!role) {
            m_skip = 1;
            return true;
        }
        Frame child{*role, isArray};
        if (*role == Role::ResourceCollection || *role == Role::Counter) {
            child.collection = static_cast<qint8>(m_collection);
        }
        m_stack.push_back(child);
        return true;
    }

    std::optional<Role> childRole(const Frame &parent, bool isArray)
    {
        switch (parent.role) {
        case Role::Root:
            if (!isArray && parent.key == Field::Other && !m_pendingRootKey.empty()) {
                rootObjectKeys.insert(m_pendingRootKey);
            }
            switch (parent.key) {
            case Field::Metadata:
                return isArray ? std::nullopt : std::optional(Role::Metadata);
            case Field::Args:
                return isArray ? std::nullopt : std::optional(Role::Args);
            case Field::Collection:
                if (m_collection == kNodes && !isArray) {
                    nodesIsObject = true;
                }
                return isArray ? Role::Counter : Role::ResourceCollection;
            case Field::CountedCollection:
                return Role::Counter;
            case Field::Disabled:
                disabledDefinitions = 0;
                disabledIds = 0;
                return isArray ? Role::DisabledList : Role::DisabledDict;
            case Field::Results:
                if (isArray) {
                    resultsIsArray = true;
                    return Role::Results;
                }
                return std::nullopt;
            default:
                return std::nullopt;
            }
        case Role::ResourceCollection:
            if (parent.isArray) {
                return std::nullopt;
            }
            return Role::Resource;
        case Role::Resource:
            if (parent.isArray) {
                return std::nullopt;
            }
            if (parent.key == Field::Config && !isArray) {
                return Role::ResourceConfig;
            }
            if (parent.key == Field::TestMetadata) {
                m_testMetadata.clear();
                m_testMetadata.type = isArray ? Scalar::Type::Array : Scalar::Type::Object;
                return Role::Probe;
            }
            if (parent.key == Field::ResourceType || parent.key == Field::PackageName) {
                Scalar &v = parent.key == Field::ResourceType ? m_rType : m_package;
                v.clear();
                v.type = isArray ? Scalar::Type::Array : Scalar::Type::Object;
                return Role::Probe;
            }
            return std::nullopt;
        case Role::DisabledDict:
            if (isArray) {
                return Role::DisabledEntries;
            }
            disabledDefinitions = disabledDefinitions.value_or(0) + 1;
            return std::nullopt;
        case Role::DisabledList:
            disabledDefinitions = disabledDefinitions.value_or(0) + 1;
            if (isArray) {
                disabledListHasNullId = true;
                return std::nullopt;
            }
            m_disabledUid.clear();
            return Role::DisabledNode;
        case Role::Results:
            beginResult();
            return isArray ? Role::Probe : Role::Result; // an array element is an empty result
        case Role::Result: {
            if (parent.isArray) {
                return std::nullopt;
            }
            if (parent.key == Field::Node) {
                m_rHasNode = true;
                return isArray ? std::nullopt : std::optional(Role::ResultNode);
            }
            Scalar *slot = resultSlot(parent.key);
            if (slot) {
                slot->clear();
                slot->type = isArray ? Scalar::Type::Array : Scalar::Type::Object;
                return Role::Probe;
            }
            return std::nullopt;
        }
        case Role::Metadata:
        case Role::Args:
        case Role::ResourceConfig:
        case Role::Counter:
        case Role::DisabledEntries:
        case Role::DisabledNode:
        case Role::ResultNode:
        case Role::Probe:
            return std::nullopt;
        }
        return std::nullopt;
    }

    bool endContainer()
    {
        if (m_skip) {
            --m_skip;
            return true;
        }
        if (m_stack.empty()) {
            return true;
        }
        const Frame done = m_stack.back();
        m_stack.pop_back();
        switch (done.role) {
        case Role::Root:
            break;
        case Role::ResourceCollection:
        case Role::Counter:
            if (done.collection >= 0) {
                collectionSizes[size_t(done.collection)] = done.children;
            }
            break;
        case Role::Resource:
            endResource();
            break;
        case Role::DisabledEntries:
            disabledDefinitions = disabledDefinitions.value_or(0) + done.children;
            break;
        case Role::DisabledNode:
            if (m_disabledUid.type == Scalar::Type::String) {
                disabledListIds.insert(m_disabledUid.s);
            } else {
                disabledListHasNullId = true;
            }
            break;
        case Role::Result:
            endResult();
            break;
        case Role::Probe:
            if (!m_stack.empty()) {
                probeDone(m_stack.back(), done.children);
            }
            break;
        default:
            break;
        }
        return true;
    }

    void probeDone(const Frame &parent, qint64 children)
    {
        switch (parent.role) {
        case Role::Resource:
            if (parent.key == Field::TestMetadata) {
                m_testMetadata.children = children;
            }
            break;
        case Role::Results:
            endResult(); // an array inside results
            break;
        case Role::Result:
            if (Scalar *slot = resultSlot(parent.key)) {
                slot->children = children;
            }
            break;
        default:
            break;
        }
    }

    // ----- manifest resources -----
    void beginResource(const std::string &uid)
    {
        m_uid = uid;
        m_rType.clear();
        m_package.clear();
        m_materialized.clear();
        m_testMetadata.clear();
    }

    void endResource()
    {
        const int c = m_stack.back().collection;
        const CollectionDef &def = kResourceCollections[size_t(c)];
        std::string_view type;
        std::string typeText;
        if (m_rType.truthy()) {
            typeText = m_rType.pyStr();
            type = typeText;
        } else if (!def.defaultType.empty()) {
            type = def.defaultType;
        } else {
            type = rtypeFromUid(m_uid, true);
        }
        bumpCount(resourceTypes, type);
        idHashes.push_back(hashId(m_uid.data(), m_uid.size()));
        if (m_package.type == Scalar::Type::String && !m_package.s.empty()) {
            if (c == kMacros) {
                macroPackages.insert(m_package.s);
            } else {
                packages.insert(m_package.s);
            }
        }
        if (c == kNodes) {
            const std::string_view nodeType = m_rType.truthy() ? type : rtypeFromUid(m_uid, true);
            if (nodeType == "model"sv) {
                bumpCount(materializations, m_materialized.type == Scalar::Type::String
                                                ? std::string_view(m_materialized.s)
                                                : "(none)"sv);
            } else if (nodeType == "test"sv) {
                bumpCount(testKinds, m_testMetadata.truthy() ? "generic"sv : "singular"sv);
                testIdHashes.push_back(hashId(m_uid.data(), m_uid.size()));
            }
        }
    }

    static void bumpCount(std::map<std::string, qint64> &counts, std::string_view key)
    {
        auto it = counts.find(std::string(key));
        if (it == counts.end()) {
            counts.emplace(std::string(key), 1);
        } else {
            ++it->second;
        }
    }

    // ----- run results -----
    void beginResult()
    {
        for (Scalar *s : {&m_rUid, &m_rStatus, &m_rMessage, &m_rFailures, &m_rExec, &m_rTiming,
                          &m_rError, &m_rSkip, &m_rFail, &m_rWarn, &m_rNodeUid}) {
            s->clear();
        }
        m_rHasNode = false;
        m_rHasUid = false;
    }

    void endResult()
    {
        const qint64 index = resultCount++;
        const bool legacy = m_rHasNode && !m_rHasUid;
        const Scalar &uid = legacy ? m_rNodeUid : m_rUid;
        const bool uidIsString = uid.type == Scalar::Type::String;
        const std::string_view uidText = uidIsString ? std::string_view(uid.s) : ""sv;

        std::string norm;
        QVariant message;
        QVariant failures;
        if (legacy) {
            sawLegacyResult = true;
            const bool errorSet = m_rError.present() && m_rError.type != Scalar::Type::Null
                                  && !(m_rError.type == Scalar::Type::String && m_rError.s.empty());
            if (errorSet) {
                norm = "error";
            } else if (m_rSkip.truthy()) {
                norm = "skipped";
            } else if (m_rFail.truthy()) {
                norm = "fail";
            } else if (m_rWarn.truthy()) {
                norm = "warn";
            } else if (m_rStatus.type == Scalar::Type::String
                       && QString::fromStdString(m_rStatus.s).trimmed().toUpper()
                              == QLatin1String("ERROR")) {
                norm = "error";
            } else if (m_rStatus.type == Scalar::Type::Int
                       || m_rStatus.type == Scalar::Type::Float) {
                norm = "pass";
            } else {
                norm = "success";
            }
            message = errorSet ? m_rError.toVariant()
                               : (m_rStatus.type == Scalar::Type::String ? m_rStatus.toVariant()
                                                                         : QVariant());
            if (m_rStatus.type == Scalar::Type::Int
                && rtypeFromUid(uidText, uidIsString) == "test"sv) {
                failures = m_rStatus.i;
            }
        } else {
            if (m_rStatus.type == Scalar::Type::String) {
                norm = QString::fromStdString(m_rStatus.s).trimmed().toLower().toStdString();
            } else if (m_rStatus.isNullish()) {
                norm = "(null)";
            } else {
                norm = m_rStatus.pyStr();
            }
            message = m_rMessage.toVariant();
            failures = m_rFailures.toVariant();
        }

        bumpCount(rawCounts, m_rStatus.isNullish() ? std::string("(null)") : m_rStatus.pyStr());
        bumpCount(normCounts, norm);
        bumpCount(byResourceType, rtypeFromUid(uidText, uidIsString));
        const double et = pyNum(m_rExec);
        totalExec += et;
        if (!m_rTiming.truthy()) {
            ++noTiming;
        }

        // top five, kept sorted
        RowKey row{et, std::string(uidText), index, uidIsString && !uidText.empty(), norm};
        if (slowest.size() < 5 || row < slowest.back()) {
            slowest.insert(std::upper_bound(slowest.begin(), slowest.end(), row), std::move(row));
            if (slowest.size() > 5) {
                slowest.pop_back();
            }
        }

        if (norm == "error" || norm == "fail" || norm == "warn" || norm == "runtime error"
            || norm == "partial success") {
            Problem p;
            p.uniqueId = uidIsString ? QVariant(QString::fromStdString(uid.s)) : QVariant();
            p.resourceType
                = QString::fromUtf8(rtypeFromUid(uidText, uidIsString).data(),
                                    qsizetype(rtypeFromUid(uidText, uidIsString).size()));
            p.status = QString::fromStdString(norm);
            p.rawStatus = m_rStatus.toVariant();
            p.message = message;
            p.failures = failures;
            problems.append(std::move(p));
        }

        auto &ids = *resultIds;
        if (uidIsString) {
            ids.spans.emplace_back(quint32(ids.arena.size()), quint32(uidText.size()));
            ids.arena.append(uidText);
            ids.hashes.push_back(hashId(uidText.data(), uidText.size()));
        } else {
            ids.spans.emplace_back(0u, ~0u);
            ids.hashes.push_back(0);
        }
    }
};

// ---------------------------------------------------------------------------------------------

QString displayName(const QString &path)
{
    return QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
}

std::pair<qint64, qint64> lineAndColumn(const QString &path, qint64 position)
{
    QFile file(path);
    qint64 line = 1;
    qint64 column = 1;
    if (!file.open(QIODevice::ReadOnly)) {
        return {0, 0};
    }
    qint64 seen = 0;
    QByteArray chunk;
    while (seen < position
           && !(chunk = file.read(qMin<qint64>(1 << 20, position - seen))).isEmpty()) {
        for (const char c : std::as_const(chunk)) {
            if (c == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++column;
            }
        }
        seen += chunk.size();
    }
    return {line, column};
}

/** What stopped the parser at offset, in words. */
QString parserMessage(rapidjson::ParseErrorCode code, const ChunkedFileStream &stream,
                      size_t offset)
{
    using Stop = ChunkedFileStream::Stop;
    if (offset == stream.stopOffset() && stream.stop() == Stop::NulByte) {
        return tr("a NUL byte (binary data)");
    }
    if (offset == stream.stopOffset() && stream.stop() == Stop::InvalidUtf8) {
        return tr("bytes that are not valid UTF-8 (the file must be UTF-8 encoded)");
    }
    const std::optional<unsigned char> byte = stream.byteAt(offset);
    if (code == rapidjson::kParseErrorStringEscapeInvalid && byte && *byte < 0x20) {
        return tr("a control character (0x%1) inside a string; it must be escaped")
            .arg(*byte, 2, 16, QLatin1Char('0'));
    }
    QString text = QString::fromLatin1(rapidjson::GetParseError_En(code));
    if (text.endsWith(QLatin1Char('.'))) {
        text.chop(1);
    }
    if (byte && *byte > 0x20 && *byte < 0x7f) {
        text += tr(" (found '%1')").arg(QChar(*byte));
    }
    return text;
}

Error fileError(ErrorCode code, const QString &message, const QString &hint,
                const QString &detail = {})
{
    return Error{code, message, hint, detail, 0};
}

/** Describes a JSON document that is not a manifest or run_results. */
QString describeOther(const SummaryHandler &h, const std::optional<QString> &schemaUrl)
{
    if (!h.rootIsObject) {
        return tr("its top level is a JSON array or value, not an object");
    }
    if (schemaUrl) {
        static const QRegularExpression kind(QStringLiteral(R"(/dbt/([a-z_-]+)/v\d+\.json$)"));
        const auto m = kind.match(*schemaUrl);
        const QString name = m.hasMatch() ? m.captured(1) : QString();
        if (name == QLatin1String("catalog")) {
            return tr("it is a dbt catalog (catalog.json, written by `dbt docs generate`)");
        }
        if (name == QLatin1String("sources")) {
            return tr("it is a dbt source freshness result (sources.json)");
        }
        if (name == QLatin1String("semantic_manifest")
            || name == QLatin1String("semantic-manifest")) {
            return tr("it is a dbt semantic manifest (semantic_manifest.json)");
        }
        if (!name.isEmpty()) {
            return tr("it is a dbt \"%1\" artifact").arg(name);
        }
        return tr("its schema is %1").arg(*schemaUrl);
    }
    const auto has = [&h](const char *key) {
        return h.rootKeys.count(key) > 0;
    };
    if (has("project_configuration") || (has("semantic_models") && !has("nodes"))) {
        return tr("it is a dbt semantic manifest (semantic_manifest.json)");
    }
    if (has("nodes") && has("sources") && !has("macros")) {
        return tr("it looks like a dbt catalog (catalog.json)");
    }
    if (has("dependencies") || has("devDependencies") || (has("name") && has("version"))) {
        return tr("it looks like a package description (package.json), not a dbt artifact");
    }
    QStringList keys;
    for (const std::string &k : h.rootKeys) {
        keys << QString::fromStdString(k);
        if (keys.size() == 5) {
            break;
        }
    }
    return keys.isEmpty() ? tr("it is an empty JSON object")
                          : tr("its top-level keys are %1").arg(keys.join(QStringLiteral(", ")));
}

std::optional<QString> md5Match(const std::set<std::string> &a, const std::set<std::string> &b,
                                const QString &projectId)
{
    std::set<std::string> all = a;
    all.insert(b.begin(), b.end());
    const QByteArray wanted = projectId.toLatin1().toLower();
    for (const std::string &name : all) {
        const QByteArray hex
            = QCryptographicHash::hash(QByteArray::fromStdString(name), QCryptographicHash::Md5)
                  .toHex();
        if (hex == wanted) {
            return QString::fromStdString(name);
        }
    }
    return std::nullopt;
}

QMap<QString, qint64> toQMap(const std::map<std::string, qint64> &m)
{
    QMap<QString, qint64> out;
    for (const auto &[k, v] : m) {
        out.insert(QString::fromStdString(k), v);
    }
    return out;
}

ArtifactMetadata metadataOf(const SummaryHandler &h)
{
    ArtifactMetadata md;
    md.dbtVersion = h.mDbtVersion.toOptString();
    md.dbtSchemaVersion = h.mSchema.toOptString();
    if (md.dbtSchemaVersion) {
        md.schemaVersionNumber = schemaVersionNumber(*md.dbtSchemaVersion);
    }
    md.generatedAt
        = h.mGeneratedAt.present() ? h.mGeneratedAt.toOptString() : h.topGeneratedAt.toOptString();
    md.invocationId = h.mInvocationId.toOptString();
    md.invocationStartedAt = h.mInvocationStartedAt.toOptString();
    md.projectName = h.mProjectName.toOptString();
    md.projectId = h.mProjectId.toOptString();
    md.adapterType = h.mAdapterType.toOptString();
    return md;
}

QString formatOf(const ArtifactMetadata &md)
{
    if (!md.dbtSchemaVersion) {
        return QStringLiteral("legacy-pre-0.19");
    }
    return md.schemaVersionNumber ? QStringLiteral("v%1").arg(*md.schemaVersionNumber)
                                  : QStringLiteral("vNone");
}

} // namespace

quint64 hashId(const char *data, size_t size)
{
    quint64 h = 14695981039346656037ULL;
    for (size_t i = 0; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ULL;
    }
    return h;
}

std::optional<int> schemaVersionNumber(const QString &schemaUrl)
{
    static const QRegularExpression re(QStringLiteral(R"(/(manifest|run-results)/v(\d+)\.json$)"));
    const auto m = re.match(schemaUrl);
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    bool ok = false;
    const int n = m.captured(2).toInt(&ok);
    return ok ? std::optional(n) : std::nullopt;
}

Result<FileSummary> readArtifact(const QString &path, ReadControl *control)
{
    const QString name = displayName(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        return fileError(
            ErrorCode::FileNotFound, tr("%1: no such file").arg(path),
            tr("Check the path; dbt writes its artifacts to the project's target/ folder."));
    }
    if (info.isDir()) {
        return fileError(ErrorCode::InvalidInput, tr("%1 is a folder, not a file").arg(path),
                         tr("Give the folder itself to inspect, or the JSON files inside it."));
    }
    std::FILE *file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!file) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        return fileError(
            ErrorCode::InvalidInput, tr("cannot read %1: %2").arg(path, reason),
            tr("Check that the file is readable by you (permissions, or a file another "
               "program keeps locked)."));
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE *)> closer(file, &std::fclose);
    const qint64 size = info.size();

    // Quick looks at the first bytes: empty, compressed or binary files get a plain answer.
    std::array<unsigned char, 4096> head{};
    const size_t headSize = std::fread(head.data(), 1, head.size(), file);
    std::rewind(file);
    if (headSize == 0) {
        return fileError(ErrorCode::ParseError, tr("%1 is empty (0 bytes)").arg(path),
                         tr("dbt writes %1 when a command finishes; run dbt again, or wait until "
                            "it has finished writing.")
                             .arg(name));
    }
    if (headSize >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
        return fileError(
            ErrorCode::ParseError, tr("%1 is gzip-compressed").arg(path),
            tr("Decompress it first (gunzip %1), then inspect the .json file.").arg(name));
    }
    for (size_t i = 0; i < headSize; ++i) {
        const unsigned char c = head[i];
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            return fileError(ErrorCode::ParseError,
                             tr("%1 is not a text file: binary data at byte %2").arg(path).arg(i),
                             tr("Give the manifest.json or run_results.json that dbt wrote, not "
                                "another kind of file."));
        }
    }

    // RapidJSON's SAX reader: strict JSON (no NaN, no comments, nothing after the value),
    // iterative (no recursion however deep the nesting), exact number conversion (RawNumber). UTF-8
    // and NUL bytes are checked by the stream.
    ChunkedFileStream stream(file, control);
    SummaryHandler handler;
    rapidjson::Reader reader;
    const rapidjson::ParseResult parsed
        = reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag
                       | rapidjson::kParseNumbersAsStringsFlag>(stream, handler);
    if (stream.stop() == ChunkedFileStream::Stop::Cancelled) {
        return fileError(ErrorCode::Cancelled, tr("Reading %1 was cancelled").arg(name), {});
    }
    if (stream.stop() == ChunkedFileStream::Stop::ReadError) {
        return fileError(ErrorCode::InvalidInput, tr("reading %1 failed part way").arg(path),
                         tr("The disk or network share returned an error; copy the file locally "
                            "and try again."));
    }
    if (parsed.IsError()) {
        const size_t offset = parsed.Offset();
        const QString message = parserMessage(parsed.Code(), stream, offset);
        const QString detail
            = QStringLiteral("%1 (RapidJSON error %2 at byte offset %3)")
                  .arg(QString::fromLatin1(rapidjson::GetParseError_En(parsed.Code())))
                  .arg(int(parsed.Code()))
                  .arg(offset);
        const qint64 position = qint64(offset) + 1; // bytes read, the offending one included
        const auto [line, column] = lineAndColumn(path, qint64(offset));
        const QString where
            = tr("line %1, column %2 (byte %3)").arg(line).arg(column).arg(position);
        if (qint64(offset) >= size) {
            return fileError(ErrorCode::ParseError,
                             tr("%1 ends before its JSON is complete: it stops at %2 of %3 bytes")
                                 .arg(path, where)
                                 .arg(size),
                             tr("The file was cut short while it was written or copied; run dbt "
                                "again or copy the whole file."),
                             detail);
        }
        return fileError(
            ErrorCode::ParseError, tr("%1 is not valid JSON at %2: %3").arg(path, where, message),
            tr("Use the file exactly as dbt wrote it; an edited or damaged file cannot "
               "be read."),
            detail);
    }

    FileSummary out;
    out.path = path;
    out.sizeBytes = size;
    const ArtifactMetadata md = metadataOf(handler);
    const std::optional<QString> schemaUrl = md.dbtSchemaVersion;

    // Decide what this is, by content.
    ArtifactKind kind = ArtifactKind::OtherJson;
    if (handler.rootIsObject) {
        if (schemaUrl) {
            if (schemaUrl->contains(QLatin1String("/manifest/"))) {
                kind = ArtifactKind::Manifest;
            } else if (schemaUrl->contains(QLatin1String("/run-results/"))) {
                kind = ArtifactKind::RunResults;
            }
        } else {
            const auto has = [&handler](const char *key) {
                return handler.rootKeys.count(key) > 0;
            };
            if (handler.nodesIsObject
                && (has("macros") || has("parent_map") || has("child_map") || has("docs"))) {
                kind = ArtifactKind::Manifest;
            } else if (handler.resultsIsArray
                       && (has("elapsed_time") || has("generated_at") || handler.sawLegacyResult)) {
                kind = ArtifactKind::RunResults;
            }
        }
    }
    out.kind = kind;

    const auto versionCheck = [&](const char *what, std::initializer_list<int> known) {
        if (!md.schemaVersionNumber) {
            return;
        }
        const int n = *md.schemaVersionNumber;
        if (std::find(known.begin(), known.end(), n) == known.end()) {
            out.checks.append({Check::Level::Info,
                               QStringLiteral("schema_version_unknown"),
                               tr("%1 uses %2 schema v%3, newer than this app knows; it was read "
                                  "best-effort.")
                                   .arg(name, QLatin1String(what))
                                   .arg(n),
                               {},
                               n});
        }
    };

    if (kind == ArtifactKind::Manifest) {
        ManifestSummary m;
        m.path = path;
        m.sizeBytes = size;
        m.metadata = md;
        m.format = formatOf(md);
        if (md.projectId) {
            m.metadata.projectNameFromProjectId
                = md5Match(handler.packages, handler.macroPackages, *md.projectId);
        }
        for (size_t i = 0; i < kResourceCollections.size(); ++i) {
            m.collectionSizes.append(
                {QString::fromUtf8(kResourceCollections[i].name.data(),
                                   qsizetype(kResourceCollections[i].name.size())),
                 handler.collectionSizes[i]});
        }
        for (size_t i = 0; i < kOtherCollections.size(); ++i) {
            m.collectionSizes.append({QString::fromUtf8(kOtherCollections[i].data(),
                                                        qsizetype(kOtherCollections[i].size())),
                                      handler.collectionSizes[kResourceCollections.size() + i]});
        }
        for (const std::string &k : handler.rootObjectKeys) {
            if (k != "parent_map" && k != "child_map" && k != "group_map" && k != "metadata"
                && k != "disabled") {
                m.unknownTopLevelCollections << QString::fromStdString(k);
            }
        }
        m.resourceTypeCounts = toQMap(handler.resourceTypes);
        m.modelsByMaterialization = toQMap(handler.materializations);
        m.testKinds = toQMap(handler.testKinds);
        m.disabledDefinitions = handler.disabledDefinitions;
        m.disabledUniqueIds = handler.disabledIds;
        if (!handler.disabledListIds.empty() || handler.disabledListHasNullId) {
            m.disabledUniqueIds
                = qint64(handler.disabledListIds.size()) + (handler.disabledListHasNullId ? 1 : 0);
        }
        m.packageCount = qint64(handler.packages.size());
        std::sort(handler.idHashes.begin(), handler.idHashes.end());
        std::sort(handler.testIdHashes.begin(), handler.testIdHashes.end());
        m.idHashes = std::make_shared<const std::vector<quint64>>(std::move(handler.idHashes));
        m.testIdHashes
            = std::make_shared<const std::vector<quint64>>(std::move(handler.testIdHashes));
        versionCheck("manifest", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20});
        out.manifest = std::move(m);
    } else if (kind == ArtifactKind::RunResults) {
        RunResultsSummary r;
        r.path = path;
        r.sizeBytes = size;
        r.metadata = md;
        r.metadata.projectName.reset();
        r.metadata.projectId.reset();
        r.metadata.adapterType.reset();
        r.format = formatOf(md);
        r.command = handler.argsWhich.toOptString();
        r.invocationCommand = handler.argsInvocationCommand.toOptString();
        r.resultCount = handler.resultCount;
        if ((handler.elapsedTime.type == Scalar::Type::Int
             || handler.elapsedTime.type == Scalar::Type::Float)
            && std::isfinite(pyNum(handler.elapsedTime))) {
            r.elapsedTime = pyNum(handler.elapsedTime);
        }
        r.sumExecutionTime = std::round(handler.totalExec * 1e6) / 1e6;
        r.resultsWithoutTiming = handler.noTiming;
        r.statusCounts = toQMap(handler.normCounts);
        r.statusCountsRaw = toQMap(handler.rawCounts);
        r.resultsByResourceType = toQMap(handler.byResourceType);
        for (const RowKey &row : handler.slowest) {
            r.slowest.append(
                {row.uidIsString ? std::optional(QString::fromStdString(row.uid)) : std::nullopt,
                 row.time, QString::fromStdString(row.status)});
        }
        r.problems = std::move(handler.problems);
        r.resultIds = std::move(handler.resultIds);
        versionCheck("run_results", {1, 2, 3, 4, 5, 6});
        out.runResults = std::move(r);
    } else {
        out.otherDescription = describeOther(handler, schemaUrl);
    }
    return out;
}

} // namespace Dbtu
