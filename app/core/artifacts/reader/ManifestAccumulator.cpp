// SPDX-License-Identifier: MIT
#include "artifacts/reader/ManifestAccumulator.h"

#include <QCryptographicHash>

#include <algorithm>

namespace Dbtu::Reader {

namespace {

using namespace std::string_view_literals;

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

} // namespace

void ManifestAccumulator::beginResource(const std::string &uid)
{
    resource.uid = uid;
    resource.type.clear();
    resource.package.clear();
    resource.materialized.clear();
    resource.testMetadata.clear();
    resource.checksum.clear();
}

void ManifestAccumulator::endResource(int collection)
{
    const Resource &r = resource;
    const CollectionDef &def = kResourceCollections[size_t(collection)];
    std::string_view type;
    std::string typeText;
    if (r.type.truthy()) {
        typeText = r.type.pyStr();
        type = typeText;
    } else if (!def.defaultType.empty()) {
        type = def.defaultType;
    } else {
        type = rtypeFromUid(r.uid, true);
    }
    bumpCount(resourceTypes, type);
    if (diffIndex) {
        diffIndex->addResource(r.uid, type,
                               r.checksum.type == Scalar::Type::String
                                   ? std::string_view(r.checksum.s)
                                   : std::string_view());
    }
    idHashes.push_back(hashId(r.uid.data(), r.uid.size()));
    if (r.package.type == Scalar::Type::String && !r.package.s.empty()) {
        if (collection == kMacros) {
            macroPackages.insert(r.package.s);
        } else {
            packages.insert(r.package.s);
        }
    }
    if (collection == kNodes) {
        const std::string_view nodeType = r.type.truthy() ? type : rtypeFromUid(r.uid, true);
        if (nodeType == "model"sv) {
            bumpCount(materializations, r.materialized.type == Scalar::Type::String
                                            ? std::string_view(r.materialized.s)
                                            : "(none)"sv);
        } else if (nodeType == "test"sv) {
            bumpCount(testKinds, r.testMetadata.truthy() ? "generic"sv : "singular"sv);
            testIdHashes.push_back(hashId(r.uid.data(), r.uid.size()));
        }
    }
}

void ManifestAccumulator::moveInto(ManifestSummary &m)
{
    if (m.metadata.projectId) {
        m.metadata.projectNameFromProjectId
            = md5Match(packages, macroPackages, *m.metadata.projectId);
    }
    for (size_t i = 0; i < kResourceCollections.size(); ++i) {
        m.collectionSizes.append({QString::fromUtf8(kResourceCollections[i].name.data(),
                                                    qsizetype(kResourceCollections[i].name.size())),
                                  collectionSizes[i]});
    }
    for (size_t i = 0; i < kOtherCollections.size(); ++i) {
        m.collectionSizes.append(
            {QString::fromUtf8(kOtherCollections[i].data(), qsizetype(kOtherCollections[i].size())),
             collectionSizes[kResourceCollections.size() + i]});
    }
    m.resourceTypeCounts = toQMap(resourceTypes);
    m.modelsByMaterialization = toQMap(materializations);
    m.testKinds = toQMap(testKinds);
    m.disabledDefinitions = disabledDefinitions;
    m.disabledUniqueIds = disabledIds;
    if (!disabledListIds.empty() || disabledListHasNullId) {
        m.disabledUniqueIds = qint64(disabledListIds.size()) + (disabledListHasNullId ? 1 : 0);
    }
    m.packageCount = qint64(packages.size());
    std::sort(idHashes.begin(), idHashes.end());
    std::sort(testIdHashes.begin(), testIdHashes.end());
    m.idHashes = std::make_shared<const std::vector<quint64>>(std::move(idHashes));
    m.testIdHashes = std::make_shared<const std::vector<quint64>>(std::move(testIdHashes));
}

} // namespace Dbtu::Reader
