// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QString>

#include <map>
#include <string>
#include <string_view>

namespace Dbtu::Reader {

/** Counts by name, as the accumulators keep them (std::map: ordered, as the summary lists them). */
using CountMap = std::map<std::string, qint64>;

inline void bumpCount(CountMap &counts, std::string_view key)
{
    auto it = counts.find(std::string(key));
    if (it == counts.end()) {
        counts.emplace(std::string(key), 1);
    } else {
        ++it->second;
    }
}

inline QMap<QString, qint64> toQMap(const CountMap &m)
{
    QMap<QString, qint64> out;
    for (const auto &[k, v] : m) {
        out.insert(QString::fromStdString(k), v);
    }
    return out;
}

/** The resource type a unique id starts with ("model.shop.orders" -> "model"). */
inline std::string_view rtypeFromUid(std::string_view uid, bool isString)
{
    using namespace std::string_view_literals;
    if (!isString) {
        return "unknown"sv;
    }
    const auto dot = uid.find('.');
    if (dot == std::string_view::npos) {
        return "unknown"sv;
    }
    return uid.substr(0, dot);
}

} // namespace Dbtu::Reader
