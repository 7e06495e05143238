#pragma once

#include "nodelist.h"

namespace wsm {

// What makes the console's remote nodes (File > Connect to Node…, --connect, the saved list): the
// one place that knows the concrete ServerNode of a node elsewhere, a RemoteNode.
RemoteNodeFactory remoteNodeFactory();

} // namespace wsm
