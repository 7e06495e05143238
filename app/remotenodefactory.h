#pragma once

#include "nodelist.h"

namespace wsm {

// What makes the console's remote nodes (File > Connect to Node…, --connect, the saved list): the
// one place that knows the concrete ServerNode of a node elsewhere. Empty while the build has none:
// the console then watches its embedded server only and hides Connect to Node….
RemoteNodeFactory remoteNodeFactory();

} // namespace wsm
