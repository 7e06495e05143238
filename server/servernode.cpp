#include "servernode.h"

namespace wsm {

ServerNode::ServerNode(QObject *parent)
    : QObject(parent)
{
    // Every node's signals carry these values, queued or not.
    registerMetaTypes();
}

// Out of line: the one place the vtable is emitted.
ServerNode::~ServerNode() = default;

} // namespace wsm
