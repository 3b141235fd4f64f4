// SPDX-License-Identifier: MIT
#include "artifacts/reader/SummaryHandler.h"

#include "artifacts/reader/ChunkedFileStream.h"

#include <limits>
#include <string_view>

namespace Dbtu::Reader {

using namespace std::string_view_literals;

// RapidJSON's SAX reader: strict JSON (no NaN, no comments, nothing after the value), iterative
// (no recursion however deep the nesting), exact number conversion (RawNumber). UTF-8 and NUL
// bytes are checked by the stream. The reader is instantiated here, next to the handler's
// functions, so that they inline into it.
rapidjson::ParseResult SummaryHandler::parse(ChunkedFileStream &stream)
{
    rapidjson::Reader reader;
    return reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag
                        | rapidjson::kParseNumbersAsStringsFlag>(stream, *this);
}

bool SummaryHandler::Null()
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

bool SummaryHandler::Bool(bool val)
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

bool SummaryHandler::Int64(int64_t val)
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

bool SummaryHandler::Uint64(uint64_t val)
{
    if (val <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Int64(static_cast<int64_t>(val));
    }
    return Double(static_cast<double>(val));
}

bool SummaryHandler::Double(double val)
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
bool SummaryHandler::RawNumber(const char *text, rapidjson::SizeType length, bool /*copy*/)
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

bool SummaryHandler::String(const char *text, rapidjson::SizeType length, bool /*copy*/)
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

bool SummaryHandler::Key(const char *text, rapidjson::SizeType length, bool /*copy*/)
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

SummaryHandler::Field SummaryHandler::classify(const Frame &f, const std::string &name)
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
        for (size_t i = 0; i < ManifestAccumulator::kResourceCollections.size(); ++i) {
            if (name == ManifestAccumulator::kResourceCollections[i].name) {
                m_collection = int(i);
                return Field::Collection;
            }
        }
        for (size_t i = 0; i < ManifestAccumulator::kOtherCollections.size(); ++i) {
            if (name == ManifestAccumulator::kOtherCollections[i]) {
                m_collection = int(ManifestAccumulator::kResourceCollections.size() + i);
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
            return name == "invocation_started_at"sv ? Field::InvocationStartedAt : Field::Other;
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
        manifest.beginResource(name);
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
        case 8: // only diff's index wants the checksum: without one it is skipped as before
            return manifest.diffIndex && name == "checksum"sv ? Field::Checksum : Field::Other;
        default:
            return Field::Other;
        }
    case Role::ResourceConfig:
        return name == "materialized"sv ? Field::Materialized : Field::Other;
    case Role::ResourceChecksum:
        return name == "checksum"sv ? Field::Checksum : Field::Other;
    case Role::DisabledDict:
        manifest.disabledIds = manifest.disabledIds.value_or(0) + 1;
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

// Where a scalar value arriving now belongs; also counts array children.
Scalar &SummaryHandler::scalarSlot()
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

Scalar *SummaryHandler::slotFor(const Frame &f)
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
            return &manifest.resource.type;
        case Field::PackageName:
            return &manifest.resource.package;
        case Field::TestMetadata:
            return &manifest.resource.testMetadata;
        case Field::Config: // a config that is not an object: no materialization
            return nullptr;
        default:
            return nullptr;
        }
    case Role::ResourceConfig:
        return f.key == Field::Materialized ? &manifest.resource.materialized : nullptr;
    case Role::ResourceChecksum:
        return f.key == Field::Checksum ? &manifest.resource.checksum : nullptr;
    case Role::DisabledNode:
        return f.key == Field::UniqueId ? &manifest.disabledUid : nullptr;
    case Role::Result:
        if (f.isArray) {
            return nullptr;
        }
        return resultSlot(f.key);
    case Role::ResultNode:
        return f.key == Field::UniqueId ? &runResults.current.nodeUid : nullptr;
    default:
        return nullptr;
    }
}

Scalar *SummaryHandler::resultSlot(Field key)
{
    switch (key) {
    case Field::UniqueId:
        runResults.current.hasUid = true;
        return &runResults.current.uid;
    case Field::Status:
        return &runResults.current.status;
    case Field::Message:
        return &runResults.current.message;
    case Field::Failures:
        return &runResults.current.failures;
    case Field::ExecutionTime:
        return &runResults.current.executionTime;
    case Field::Timing:
        return &runResults.current.timing;
    case Field::ErrorField:
        return &runResults.current.error;
    case Field::Skip:
        return &runResults.current.skip;
    case Field::Fail:
        return &runResults.current.fail;
    case Field::Warn:
        return &runResults.current.warn;
    case Field::Node:
        runResults.current.hasNode = true;
        return nullptr;
    default:
        return nullptr;
    }
}

// A scalar value has been stored: finish single-value entities.
void SummaryHandler::scalarDone()
{
    if (m_stack.empty()) {
        sawRoot = true;
        return;
    }
    const Frame &f = m_stack.back();
    switch (f.role) {
    case Role::ResourceCollection:
        if (!f.isArray) {
            manifest.endResource(
                m_stack.back()
                    .collection); // a resource that is not an object counts as an empty one
        }
        break;
    case Role::DisabledDict:
        manifest.disabledDefinitions = manifest.disabledDefinitions.value_or(0) + 1;
        break;
    case Role::DisabledList:
        manifest.disabledDefinitions = manifest.disabledDefinitions.value_or(0) + 1;
        manifest.disabledListHasNullId = true;
        break;
    case Role::Results:
        runResults.beginResult();
        runResults.endResult();
        break;
    default:
        break;
    }
}

bool SummaryHandler::startContainer(bool isArray)
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

std::optional<SummaryHandler::Role> SummaryHandler::childRole(const Frame &parent, bool isArray)
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
            if (m_collection == ManifestAccumulator::kNodes && !isArray) {
                nodesIsObject = true;
            }
            return isArray ? Role::Counter : Role::ResourceCollection;
        case Field::CountedCollection:
            return Role::Counter;
        case Field::Disabled:
            manifest.disabledDefinitions = 0;
            manifest.disabledIds = 0;
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
        if (parent.key == Field::Checksum) { // only with an index (see classify())
            return isArray ? std::nullopt : std::optional(Role::ResourceChecksum);
        }
        if (parent.key == Field::TestMetadata) {
            manifest.resource.testMetadata.clear();
            manifest.resource.testMetadata.type
                = isArray ? Scalar::Type::Array : Scalar::Type::Object;
            return Role::Probe;
        }
        if (parent.key == Field::ResourceType || parent.key == Field::PackageName) {
            Scalar &v = parent.key == Field::ResourceType ? manifest.resource.type
                                                          : manifest.resource.package;
            v.clear();
            v.type = isArray ? Scalar::Type::Array : Scalar::Type::Object;
            return Role::Probe;
        }
        return std::nullopt;
    case Role::DisabledDict:
        if (isArray) {
            return Role::DisabledEntries;
        }
        manifest.disabledDefinitions = manifest.disabledDefinitions.value_or(0) + 1;
        return std::nullopt;
    case Role::DisabledList:
        manifest.disabledDefinitions = manifest.disabledDefinitions.value_or(0) + 1;
        if (isArray) {
            manifest.disabledListHasNullId = true;
            return std::nullopt;
        }
        manifest.disabledUid.clear();
        return Role::DisabledNode;
    case Role::Results:
        runResults.beginResult();
        return isArray ? Role::Probe : Role::Result; // an array element is an empty result
    case Role::Result: {
        if (parent.isArray) {
            return std::nullopt;
        }
        if (parent.key == Field::Node) {
            runResults.current.hasNode = true;
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
    case Role::ResourceChecksum:
    case Role::Counter:
    case Role::DisabledEntries:
    case Role::DisabledNode:
    case Role::ResultNode:
    case Role::Probe:
        return std::nullopt;
    }
    return std::nullopt;
}

bool SummaryHandler::endContainer()
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
            manifest.collectionSizes[size_t(done.collection)] = done.children;
        }
        break;
    case Role::Resource:
        manifest.endResource(m_stack.back().collection);
        break;
    case Role::DisabledEntries:
        manifest.disabledDefinitions = manifest.disabledDefinitions.value_or(0) + done.children;
        break;
    case Role::DisabledNode:
        if (manifest.disabledUid.type == Scalar::Type::String) {
            manifest.disabledListIds.insert(manifest.disabledUid.s);
        } else {
            manifest.disabledListHasNullId = true;
        }
        break;
    case Role::Result:
        runResults.endResult();
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

void SummaryHandler::probeDone(const Frame &parent, qint64 children)
{
    switch (parent.role) {
    case Role::Resource:
        if (parent.key == Field::TestMetadata) {
            manifest.resource.testMetadata.children = children;
        }
        break;
    case Role::Results:
        runResults.endResult(); // an array inside results
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

} // namespace Dbtu::Reader
