#pragma once

#include "adminprotocol.h"
#include "snapshot.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace wsm::ctl {

// What `wsmonitor ctl` prints: an aligned table for people, JSON for scripts (field names as the
// admin protocol's, times as ISO 8601 UTC with milliseconds). Pure functions of the values.

// 2026-12-04T11:05:00.123Z; an empty string for 0.
QString isoTime(qint64 msSinceEpoch);
// Columns padded to their widest cell, two spaces apart; the last column is not padded.
QString formatTable(const QStringList &headers, const QList<QStringList> &rows);

QJsonArray clientsJson(const Snapshot &snapshot, const QString &nodeName);
QString clientsTable(const Snapshot &snapshot);

QJsonObject statusJson(const admin::HelloMessage &hello, const Snapshot &snapshot);
QString statusText(const admin::HelloMessage &hello, const Snapshot &snapshot);

QJsonObject eventJson(const ConnectionEvent &event);
QString eventsTable(const QList<ConnectionEvent> &events, bool withHeader = true);

QJsonArray bansJson(const QList<Ban> &bans);
QString bansTable(const QList<Ban> &bans);

// `nodes` of a node outside a cluster: the answer to the nodes command, the attached node first.
QJsonArray nodesJson(const QList<admin::NodeInfo> &nodes);
QString nodesTable(const QList<admin::NodeInfo> &nodes);
// `nodes` of a node in a cluster: every node its registry lists, the attached one marked, and in the
// table a row of the cluster's totals (a script adds the JSON's up).
QJsonArray clusterNodesJson(const ClusterStatus &cluster);
QString clusterNodesTable(const ClusterStatus &cluster);

// A command's answer: ok, code (when it failed) and message.
QJsonObject resultJson(const admin::ResultMessage &result);

} // namespace wsm::ctl
