// SPDX-License-Identifier: MIT
#pragma once

#include "artifacts/reader/ManifestAccumulator.h"
#include "artifacts/reader/RunResultsAccumulator.h"
#include "artifacts/reader/Scalar.h"

#include <rapidjson/reader.h>

#include <set>
#include <string>
#include <vector>

namespace Dbtu::Reader {

class ChunkedFileStream;

/**
 * The SAX handler: a stack of frames, each with a role; anything not of interest is skipped by
 * depth counting only, which keeps the summary close to the parser's own speed. It keeps the
 * document-level facts (top-level keys, metadata, args) itself and hands manifest resources and
 * run results to its two accumulators, members of concrete type: no virtual call on the way.
 * parse() runs RapidJSON's reader with this handler (a template parameter) over the stream.
 */
class SummaryHandler
{
public:
    /** Reads the whole stream into this handler. */
    rapidjson::ParseResult parse(ChunkedFileStream &stream);

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

    bool nodesIsObject = false;
    bool resultsIsArray = false;

    ManifestAccumulator manifest;
    RunResultsAccumulator runResults;

    // --- RapidJSON SAX handler interface ---
    bool Null();
    bool Bool(bool val);
    bool Int(int val) { return Int64(val); }
    bool Uint(unsigned val) { return Int64(val); }
    bool Int64(int64_t val);
    bool Uint64(uint64_t val);
    bool Double(double val);
    bool RawNumber(const char *text, rapidjson::SizeType length, bool copy);
    bool String(const char *text, rapidjson::SizeType length, bool copy);
    bool StartObject() { return startContainer(false); }
    bool StartArray() { return startContainer(true); }
    bool EndObject(rapidjson::SizeType /*members*/) { return endContainer(); }
    bool EndArray(rapidjson::SizeType /*elements*/) { return endContainer(); }
    bool Key(const char *text, rapidjson::SizeType length, bool copy);

private:
    enum class Role : quint8 {
        Root,
        Metadata,
        Args,
        ResourceCollection,
        Resource,
        ResourceConfig,
        ResourceChecksum, // {"name": ..., "checksum": ...}, read only with an index
        Counter,          // counts children (docs, selectors, files, list-valued collections)
        DisabledDict,     // {unique_id: [node, ...]}
        DisabledEntries,  // the list under one disabled id
        DisabledList,     // legacy: [node, ...]
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
        Checksum,
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

    struct Frame
    {
        Role role;
        bool isArray;
        Field key = Field::Other;
        qint8 collection = -1;
        qint64 children = 0;
    };

    Field classify(const Frame &f, const std::string &name);
    Scalar &scalarSlot();
    Scalar *slotFor(const Frame &f);
    Scalar *resultSlot(Field key);
    void scalarDone();
    bool startContainer(bool isArray);
    std::optional<Role> childRole(const Frame &parent, bool isArray);
    bool endContainer();
    void probeDone(const Frame &parent, qint64 children);

    rapidjson::Reader m_numberReader; ///< converts each number's text (RawNumber)
    std::vector<Frame> m_stack;
    qint64 m_skip = 0;
    Scalar *m_slot = nullptr; // where the next scalar goes (nullptr: nowhere)
    std::string m_key;        // the key being classified (its buffer is reused)
    Scalar m_discard;
    int m_collection = -1; // the collection the current root key names
    std::string m_pendingRootKey;
};

} // namespace Dbtu::Reader
