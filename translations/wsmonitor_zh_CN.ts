<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>wsm::AdminLink</name>
    <message>
        <source>Cannot read the CA file %1: %2</source>
        <translation>无法读取 CA 文件 %1：%2</translation>
    </message>
    <message>
        <source>No PEM certificate in the CA file %1.</source>
        <translation>CA 文件 %1 中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an admin URL: it takes ws://HOST:PORT/ or wss://HOST:PORT/.</source>
        <translation>“%1”不是管理地址：应为 ws://HOST:PORT/ 或 wss://HOST:PORT/。</translation>
    </message>
    <message>
        <source>The node sent something that is not JSON: %1.</source>
        <translation>节点发来的内容不是 JSON：%1。</translation>
    </message>
    <message>
        <source>The node sent JSON that is not an object.</source>
        <translation>节点发来的 JSON 不是对象。</translation>
    </message>
    <message>
        <source>Not a wsmonitor admin channel: %1</source>
        <translation>不是 wsmonitor 管理通道：%1</translation>
    </message>
    <message>
        <source>The node speaks admin protocol %1; this wsmonitor knows protocol %2 only. Use a wsmonitor of the node&apos;s version.</source>
        <translation>节点使用管理协议 %1；此 wsmonitor 只支持协议 %2。请使用与节点相同版本的 wsmonitor。</translation>
    </message>
    <message>
        <source>The node at %1 refused the link: it needs a token (401 Unauthorized).</source>
        <translation>%1 上的节点拒绝了连接：需要令牌（401 Unauthorized）。</translation>
    </message>
    <message>
        <source>The node at %1 refused the token (403 Forbidden).</source>
        <translation>%1 上的节点拒绝了令牌（403 Forbidden）。</translation>
    </message>
    <message>
        <source>No admin channel at %1 (404 Not Found): the admin URL&apos;s path is /.</source>
        <translation>%1 上没有管理通道（404 Not Found）：管理地址的路径是 /。</translation>
    </message>
    <message>
        <source>The node at %1 is busy (503): too many admin clients are attached.</source>
        <translation>%1 上的节点繁忙（503）：已连接的管理客户端过多。</translation>
    </message>
    <message>
        <source>The node at %1 answered the upgrade with HTTP %2.</source>
        <translation>%1 上的节点以 HTTP %2 回应了升级请求。</translation>
    </message>
    <message>
        <source>The link to %1 dropped: %2</source>
        <translation>与 %1 的连接已断开：%2</translation>
    </message>
    <message>
        <source>Nothing listens at %1 (connection refused).</source>
        <translation>%1 上没有程序在监听（连接被拒绝）。</translation>
    </message>
    <message>
        <source>The host of %1 is not found.</source>
        <translation>找不到 %1 的主机。</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <source>The node at %1 closed the connection before its hello.</source>
        <translation>%1 上的节点在发送 hello 之前关闭了连接。</translation>
    </message>
    <message>
        <source>The connection to %1 dropped.</source>
        <translation>与 %1 的连接已断开。</translation>
    </message>
    <message>
        <source>The node at %1 closed the link (code %2).</source>
        <translation>%1 上的节点关闭了连接（代码 %2）。</translation>
    </message>
    <message>
        <source>The node at %1 closed the link (code %2: %3).</source>
        <translation>%1 上的节点关闭了连接（代码 %2：%3）。</translation>
    </message>
    <message>
        <source>No answer from %1 within %2 s.</source>
        <translation>%1 在 %2 秒内没有应答。</translation>
    </message>
</context>
<context>
    <name>wsm::AdminServer</name>
    <message>
        <source>The admin channel would listen on %1 without a token: give it a token file, or listen on a loopback address.</source>
        <translation>管理通道将在没有令牌的情况下监听 %1：请为其提供令牌文件，或监听回环地址。</translation>
    </message>
    <message>
        <source>The admin channel cannot listen on %1 port %2: %3</source>
        <translation>管理通道无法监听 %1 端口 %2：%3</translation>
    </message>
</context>
<context>
    <name>wsm::BanList</name>
    <message>
        <source>The ban on &quot;%1&quot; cannot have a negative duration (%2 ms); use 0 for a ban until it is lifted.</source>
        <translation>对“%1”的封禁时长不能为负数（%2 ms）；如需一直封禁到手动解除，请用 0。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address, CIDR range or identity. Use an address such as 192.0.2.7 or 2001:db8::1, a range such as 10.0.0.0/8 or 2001:db8::/32, or identity:SUB for a client&apos;s identity (1 to %2 characters, no control characters).</source>
        <translation>“%1”不是 IP 地址、CIDR 网段或身份。请使用 192.0.2.7 或 2001:db8::1 这样的地址、10.0.0.0/8 或 2001:db8::/32 这样的网段，或用 identity:SUB 表示客户端的身份（1 到 %2 个字符，不含控制字符）。</translation>
    </message>
</context>
<context>
    <name>wsm::BansDialog</name>
    <message>
        <source>Bans</source>
        <translation>封禁列表</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Banned at</source>
        <translation>封禁时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Lift ban</source>
        <translation>解除封禁</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>until lifted</source>
        <translation>直至解除</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <source>Optional; the refused client is told it</source>
        <translation>可选；会告知被拒绝的客户端</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>Connected from there now; the ban refuses them once they reconnect:</source>
        <translation>以下客户端当前从该地址连接；封禁后它们重新连接时将被拒绝：</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>节点(&amp;N)：</translation>
    </message>
    <message>
        <source>Ban address, range or identity</source>
        <translation>封禁地址、网段或身份</translation>
    </message>
    <message>
        <source>192.0.2.7, 10.0.0.0/8, 2001:db8::/32 or identity:alice</source>
        <translation>192.0.2.7、10.0.0.0/8、2001:db8::/32 或 identity:alice</translation>
    </message>
    <message>
        <source>Address, range or identity:</source>
        <translation>地址、网段或身份：</translation>
    </message>
    <message>
        <source>Address, range or identity</source>
        <translation>地址、网段或身份</translation>
    </message>
</context>
<context>
    <name>wsm::ClientInspector</name>
    <message>
        <source>Select a client and choose Inspect.</source>
        <translation>请选择一个客户端，然后选择“查看详情”。</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Round trips</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>Text message to this client</source>
        <translation>发送给该客户端的文本消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Kick…</source>
        <translation>踢出…</translation>
    </message>
    <message>
        <source>Close this client&apos;s connection.</source>
        <translation>关闭该客户端的连接。</translation>
    </message>
    <message>
        <source>Connected:</source>
        <translation>连接时间：</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Bytes:</source>
        <translation>字节：</translation>
    </message>
    <message>
        <source>Message rate:</source>
        <translation>消息速率：</translation>
    </message>
    <message>
        <source>Send queue:</source>
        <translation>发送队列：</translation>
    </message>
    <message>
        <source>Round trip:</source>
        <translation>往返时间：</translation>
    </message>
    <message>
        <source>Missed pings:</source>
        <translation>未应答的 ping：</translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation>最后活动：</translation>
    </message>
    <message>
        <source>No heartbeat round trip has been measured yet.</source>
        <translation>尚未测得心跳往返时间。</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Client #%1</source>
        <translation>客户端 #%1</translation>
    </message>
    <message>
        <source>Client #%1 has disconnected.</source>
        <translation>客户端 #%1 已断开连接。</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>接收 %1，发送 %2</translation>
    </message>
    <message>
        <source>%1/s in, %2/s out</source>
        <translation>接收 %1/秒，发送 %2/秒</translation>
    </message>
    <message>
        <source>No pong yet</source>
        <translation>尚未收到 pong</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Nothing received yet</source>
        <translation>尚未收到任何数据</translation>
    </message>
    <message>
        <source>%1 (%2 s ago)</source>
        <translation>%1（%2 秒前）</translation>
    </message>
    <message>
        <source>%1, close code %2</source>
        <translation>%1，关闭代码 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Client #%1 ended at %2, by the %3: %4.</source>
        <translation>客户端 #%1 于 %2 结束，由%3结束：%4。</translation>
    </message>
</context>
<context>
    <name>wsm::ClusterControl</name>
    <message>
        <source>The cluster link is down: node %1 cannot be reached.</source>
        <translation>集群链路已断开：无法访问节点 %1。</translation>
    </message>
    <message>
        <source>There is no node named %1 in the cluster.</source>
        <translation>集群中没有名为 %1 的节点。</translation>
    </message>
    <message>
        <source>Too many requests to other nodes are waiting for an answer (%1): try again in a moment.</source>
        <translation>等待其他节点答复的请求过多（%1）：请稍后再试。</translation>
    </message>
    <message>
        <source>The request for node %1 could not be sent: the cluster link is down or too busy.</source>
        <translation>无法发送给节点 %1 的请求：集群链路已断开或过于繁忙。</translation>
    </message>
    <message>
        <source>Node %1 does not understand this request (version %2; it knows %3): update it.</source>
        <translation>节点 %1 无法理解此请求（版本 %2；它支持 %3）：请升级该节点。</translation>
    </message>
    <message>
        <source>Node %1 could not read the request: %2</source>
        <translation>节点 %1 无法读取该请求：%2</translation>
    </message>
    <message>
        <source>Node %1 answered with details that cannot be read: %2</source>
        <translation>节点 %1 返回的详情无法读取：%2</translation>
    </message>
    <message>
        <source>Node %1 did not answer within %2 s.</source>
        <translation>节点 %1 未在 %2 秒内答复。</translation>
    </message>
</context>
<context>
    <name>wsm::ClusterFields</name>
    <message numerus="yes">
        <source>Cluster: %Ln node(s), %1 clients, %2 msg/s in, %3 msg/s out</source>
        <translation>
            <numerusform>集群：%Ln 个节点，%1 个客户端，入 %2 条消息/秒，出 %3 条消息/秒</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: Redis %2</source>
        <translation>%1：Redis %2</translation>
    </message>
    <message>
        <source>down since %1</source>
        <translation>自 %1 起断开</translation>
    </message>
    <message>
        <source>last error: %1</source>
        <translation>上次错误：%1</translation>
    </message>
    <message>
        <source>Cluster: up</source>
        <translation>集群：已连接</translation>
    </message>
    <message>
        <source>Cluster: down since %1</source>
        <translation>集群：自 %1 起断开</translation>
    </message>
</context>
<context>
    <name>wsm::ClusterLink</name>
    <message>
        <source>Redis at %1 did not answer within %2 s.</source>
        <translation>%1 处的 Redis 在 %2 秒内没有应答。</translation>
    </message>
    <message>
        <source>Could not subscribe to the cluster&apos;s channels at %1.</source>
        <translation>无法在 %1 订阅集群的频道。</translation>
    </message>
</context>
<context>
    <name>wsm::CommandLine</name>
    <message>
        <source>Run &apos;wsmonitor --help&apos; for every option and its range.</source>
        <translation>运行 &apos;wsmonitor --help&apos; 查看所有选项及其取值范围。</translation>
    </message>
    <message>
        <source>No display found (DISPLAY and WAYLAND_DISPLAY are empty); running headless.</source>
        <translation>未找到显示器（DISPLAY 和 WAYLAND_DISPLAY 均为空）；以无界面模式运行。</translation>
    </message>
    <message>
        <source>%1 to %2 %3</source>
        <translation>范围：%1 到 %2 %3</translation>
    </message>
    <message>
        <source> (0: %1)</source>
        <translation> (0：%1)</translation>
    </message>
    <message>
        <source>, fractions allowed</source>
        <translation>，可为小数</translation>
    </message>
    <message>
        <source>; default %1.</source>
        <translation>；默认 %1。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>--listen takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; port 0-65535; got &apos;%1&apos;.</source>
        <translation>--listen 的格式为 ADDR:PORT，例如 127.0.0.1:8080 或 [::1]:8080；端口范围 0-65535；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>WebSocket server console: live clients, heartbeats, rates, kicks, connection log.
Durations are in seconds; fractions such as 0.5 are allowed.</source>
        <translation>WebSocket 服务器控制台：实时客户端、心跳、速率、踢出、连接日志。
时长以秒为单位，可用 0.5 这样的小数。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>显示版本号并退出。</translation>
    </message>
    <message>
        <source>Run the server without a window; logs go to stderr.</source>
        <translation>不打开窗口，直接运行服务器；日志输出到 stderr。</translation>
    </message>
    <message>
        <source>With --headless: no log line per connection.</source>
        <translation>配合 --headless 使用：不为每个连接输出日志行。</translation>
    </message>
    <message>
        <source>Console: start the server as the window opens.</source>
        <translation>控制台：窗口打开时即启动服务器。</translation>
    </message>
    <message>
        <source>Console language, e.g. zh_CN or en; by default the system&apos;s.</source>
        <translation>控制台语言，例如 zh_CN 或 en；默认跟随系统。</translation>
    </message>
    <message>
        <source>What runs the server thread&apos;s event loop: epoll (Linux; its cost does not grow with idle clients) or qt (Qt&apos;s own). Default %1.</source>
        <translation>服务器线程事件循环的实现：epoll（Linux；开销不随空闲客户端增多而增长）或 qt（Qt 自带）。默认 %1。</translation>
    </message>
    <message>
        <source>Address and port to listen on: 0.0.0.0:9000, [::1]:8080, localhost:8080; port 0 picks a free one. Default %1.</source>
        <translation>监听的地址和端口：0.0.0.0:9000、[::1]:8080、localhost:8080；端口 0 表示自动选择空闲端口。默认 %1。</translation>
    </message>
    <message>
        <source>WebSocket endpoint path, starting with &apos;/&apos;. Default %1.</source>
        <translation>WebSocket 端点路径，以 &apos;/&apos; 开头。默认 %1。</translation>
    </message>
    <message>
        <source>What to do with a message: echo (back to the sender), broadcast (to every other client) or sink (count only). Default %1.</source>
        <translation>消息的处理方式：echo（发回发送方）、broadcast（发给其他所有客户端）或 sink（只计数）。默认 %1。</translation>
    </message>
    <message>
        <source>Accept only clients whose Origin header is ORIGIN (repeat for more); by default every origin is accepted.</source>
        <translation>只接受 Origin 头为 ORIGIN 的客户端（可重复指定多个）；默认接受任何来源。</translation>
    </message>
    <message>
        <source>Append every connection event to FILE as CSV.</source>
        <translation>将每个连接事件以 CSV 格式追加到 FILE。</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;; see --help.</source>
        <translation>未知选项 &apos;%1&apos;；参见 --help。</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;: wsmonitor takes options only; see --help.</source>
        <translation>多余的参数 &apos;%1&apos;：wsmonitor 只接受选项；参见 --help。</translation>
    </message>
    <message>
        <source>--mode takes echo, broadcast or sink; got &apos;%1&apos;.</source>
        <translation>--mode 可取 echo、broadcast 或 sink；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--event-dispatcher takes epoll or qt; got &apos;%1&apos;.</source>
        <translation>--event-dispatcher 可取 epoll 或 qt；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--lang takes a locale name such as zh_CN or en; got &apos;%1&apos;.</source>
        <translation>--lang 需要区域名称，例如 zh_CN 或 en；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>Serve wss:// (TLS) with the certificate in FILE (PEM, optionally followed by its chain); needs --tls-key. By default plain ws://.</source>
        <translation>以 FILE 中的证书（PEM 格式，其后可附证书链）提供 wss://（TLS）服务；需同时指定 --tls-key。默认提供明文 ws://。</translation>
    </message>
    <message>
        <source>The unencrypted private key (RSA or EC, PEM) of --tls-cert.</source>
        <translation>--tls-cert 证书对应的未加密私钥（RSA 或 EC，PEM 格式）。</translation>
    </message>
    <message>
        <source>Accept only clients that present TOKEN; by default none is needed. For development only: every user of this machine can read it in the process list; use --token-file.</source>
        <translation>只接受出示 TOKEN 的客户端；默认不需要令牌。仅供开发使用：本机的每个用户都能在进程列表中看到它；请改用 --token-file。</translation>
    </message>
    <message>
        <source>Accept only clients that present the token held in FILE (read at each start; surrounding white space such as a final newline is not part of it).</source>
        <translation>只接受出示 FILE 中所存令牌的客户端（每次启动时读取；前后的空白，例如末尾的换行符，不算令牌的一部分）。</translation>
    </message>
    <message>
        <source>The admin channel has no token file: it accepts loopback clients only, each with full control.</source>
        <translation>管理通道没有令牌文件：只接受回环地址的客户端，且每个都拥有完全控制权。</translation>
    </message>
    <message>
        <source>--admin-listen takes ADDR:PORT, e.g. 127.0.0.1:9090 or [::1]:9090; port 0-65535; got &apos;%1&apos;.</source>
        <translation>--admin-listen 接受 ADDR:PORT，例如 127.0.0.1:9090 或 [::1]:9090；端口 0-65535；收到的是“%1”。</translation>
    </message>
    <message>
        <source>--node-name takes 1 to %1 printable characters; got &apos;%2&apos;.</source>
        <translation>--node-name 接受 1 到 %1 个可打印字符；收到的是“%2”。</translation>
    </message>
    <message>
        <source>--admin-token-file, --admin-readonly-token-file, --admin-tls-cert and --admin-tls-key need --admin-listen (--admin-token-file also goes with --connect).</source>
        <translation>--admin-token-file、--admin-readonly-token-file、--admin-tls-cert 和 --admin-tls-key 需要 --admin-listen（--admin-token-file 也可与 --connect 一起使用）。</translation>
    </message>
    <message>
        <source>--admin-tls-cert and --admin-tls-key go together: give both or neither.</source>
        <translation>--admin-tls-cert 和 --admin-tls-key 必须同时使用：两者都给出或都不给出。</translation>
    </message>
    <message>
        <source>--admin-token-file and --admin-readonly-token-file hold the same token: a read-only client would have full control.</source>
        <translation>--admin-token-file 和 --admin-readonly-token-file 中的令牌相同：只读客户端将拥有完全控制权。</translation>
    </message>
    <message>
        <source>--admin-listen %1 is not a loopback address: it needs --admin-token-file (or --admin-readonly-token-file), or anyone who can reach it controls this node.</source>
        <translation>--admin-listen %1 不是回环地址：需要 --admin-token-file（或 --admin-readonly-token-file），否则任何能访问它的人都能控制此节点。</translation>
    </message>
    <message>
        <source>Serve the admin channel (docs/admin-protocol.md: consoles and &apos;wsmonitor ctl&apos; watch and control this node) on its own address and port, e.g. 127.0.0.1:9090; port 0 picks a free one. Off by default. Without a token file, loopback addresses only.</source>
        <translation>在独立的地址和端口上提供管理通道（docs/admin-protocol.md：控制台和“wsmonitor ctl”通过它监视并控制此节点），例如 127.0.0.1:9090；端口 0 表示自动选择空闲端口。默认关闭。没有令牌文件时只能使用回环地址。</translation>
    </message>
    <message>
        <source>The admin token, held in FILE: with --admin-listen, admin clients presenting it have full control of this node; with --connect, the console presents it to those nodes.</source>
        <translation>管理令牌，保存在 FILE 中：与 --admin-listen 一起使用时，出示它的管理客户端拥有此节点的完全控制权；与 --connect 一起使用时，控制台向那些节点出示它。</translation>
    </message>
    <message>
        <source>Admin clients presenting the token held in FILE may watch only: every command is refused.</source>
        <translation>出示 FILE 中令牌的管理客户端只能监视：所有命令都会被拒绝。</translation>
    </message>
    <message>
        <source>Serve the admin channel as wss:// with the certificate in FILE; needs --admin-tls-key. By default the public --tls-cert and --tls-key when given, else ws://.</source>
        <translation>使用 FILE 中的证书以 wss:// 提供管理通道；需要 --admin-tls-key。默认在给出公共 --tls-cert 和 --tls-key 时使用它们，否则使用 ws://。</translation>
    </message>
    <message>
        <source>The unencrypted private key of --admin-tls-cert.</source>
        <translation>--admin-tls-cert 的未加密私钥。</translation>
    </message>
    <message>
        <source>The name this node gives of itself on the admin channel, 1 to %1 characters. Default: the host name and the public port, e.g. edge-1:8080.</source>
        <translation>此节点在管理通道上使用的名称，1 到 %1 个字符。默认：主机名加公共端口，例如 edge-1:8080。</translation>
    </message>
    <message>
        <source>Console: also watch the node whose admin channel is at URL (ws:// or wss://); repeat for more.</source>
        <translation>控制台：同时监视管理通道位于 URL（ws:// 或 wss://）的节点；可重复以添加更多节点。</translation>
    </message>
    <message>
        <source>--connect takes a ws:// or wss:// admin URL with a host, e.g. ws://node.example:9001/admin; got &apos;%1&apos;.</source>
        <translation>--connect 需要带主机名的 ws:// 或 wss:// 管理 URL，例如 ws://node.example:9001/admin；收到的是“%1”。</translation>
    </message>
    <message>
        <source>--connect is for the console; a headless node is watched, not watching.</source>
        <translation>--connect 仅用于控制台；无界面节点是被监视的一方，而不是监视者。</translation>
    </message>
    <message>
        <source>Join the cluster whose nodes share the Redis at URL, redis://HOST:PORT[/DB] (DB 0-15, default 0): broadcasts, bans and the list of nodes are shared through it. Off by default.</source>
        <translation>加入共用 URL 处 Redis 的集群，格式为 redis://HOST:PORT[/DB]（DB 0-15，默认 0）：广播、封禁和节点列表经由它共享。默认关闭。</translation>
    </message>
    <message>
        <source>The password of --cluster&apos;s Redis (AUTH), held in FILE; by default none.</source>
        <translation>--cluster 所指 Redis 的密码（AUTH），保存在 FILE 中；默认无密码。</translation>
    </message>
    <message>
        <source>--cluster takes redis://HOST:PORT[/DB], e.g. redis://127.0.0.1:6379/0; port 1-65535, DB 0-15; got &apos;%1&apos;.</source>
        <translation>--cluster 的格式为 redis://HOST:PORT[/DB]，例如 redis://127.0.0.1:6379/0；端口 1-65535，DB 0-15；实际为“%1”。</translation>
    </message>
    <message>
        <source>--cluster must not hold a password (every user of this machine can read the command line): put it in a file and give --cluster-password-file FILE.</source>
        <translation>--cluster 中不得包含密码（本机的每个用户都能读到命令行）：请把密码写入文件，并用 --cluster-password-file FILE 指定。</translation>
    </message>
    <message>
        <source>--cluster-password-file needs --cluster.</source>
        <translation>--cluster-password-file 需要与 --cluster 一起使用。</translation>
    </message>
    <message>
        <source>Server-Sent Events endpoint on the same port (and TLS) as the WebSocket path: a GET asking for text/event-stream there becomes an event stream. Default %1; an empty PATH turns it off.</source>
        <translation>与 WebSocket 路径共用端口（及 TLS）的 Server-Sent Events 端点：在此请求 text/event-stream 的 GET 会成为事件流。默认 %1；PATH 为空则关闭。</translation>
    </message>
    <message>
        <source>How clients are known: jwt (a JSON Web Token in &quot;Authorization: Bearer&quot;, ?access_token= or the subprotocol access_token.&lt;JWT&gt;, verified; its sub names the client), query:NAME or header:NAME (the query parameter or header NAME, unverified: for development), or none (the default).</source>
        <translation>如何识别客户端：jwt（JSON Web Token，放在“Authorization: Bearer”、?access_token= 或子协议 access_token.&lt;JWT&gt; 中，经过验证；以其 sub 命名客户端）、query:NAME 或 header:NAME（查询参数或请求头 NAME，未经验证：仅供开发），或 none（默认）。</translation>
    </message>
    <message>
        <source>--identity jwt: tokens are HS256, signed with the secret held in FILE (at least 32 bytes).</source>
        <translation>--identity jwt：令牌为 HS256，用 FILE 中保存的密钥签名（至少 32 字节）。</translation>
    </message>
    <message>
        <source>--identity jwt: tokens are RS256 (an RSA key) or ES256 (a P-256 key), verified with the PEM public key in FILE.</source>
        <translation>--identity jwt：令牌为 RS256（RSA 密钥）或 ES256（P-256 密钥），用 FILE 中的 PEM 公钥验证。</translation>
    </message>
    <message>
        <source>--identity jwt: a token&apos;s iss must be ISSUER; by default not checked.</source>
        <translation>--identity jwt：令牌的 iss 必须为 ISSUER；默认不检查。</translation>
    </message>
    <message>
        <source>--identity jwt: a token&apos;s aud (a string or one of a list) must be AUDIENCE; by default not checked.</source>
        <translation>--identity jwt：令牌的 aud（一个字符串，或列表中的一项）必须为 AUDIENCE；默认不检查。</translation>
    </message>
    <message>
        <source>--identity takes jwt, query:NAME, header:NAME or none; got &apos;%1&apos;.</source>
        <translation>--identity 取值为 jwt、query:NAME、header:NAME 或 none；实际为“%1”。</translation>
    </message>
</context>
<context>
    <name>wsm::ComposeDialog</name>
    <message>
        <source>Compose Message</source>
        <translation>编写消息</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>JSON (checked before it is sent)</source>
        <translation>JSON（发送前检查）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Type a message to send.</source>
        <translation>请输入要发送的消息。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at character %2.</source>
        <translation>不是有效的 JSON：第 %2 个字符处%1。</translation>
    </message>
    <message>
        <source>The message is %1 bytes; the server&apos;s largest message is %2 bytes.</source>
        <translation>消息为 %1 字节；服务器允许的最大消息为 %2 字节。</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>Bytes written in hex, sent as a binary message</source>
        <translation>以十六进制书写的字节，作为二进制消息发送</translation>
    </message>
    <message>
        <source>Bytes in hex, e.g. de ad be ef</source>
        <translation>十六进制字节，例如 de ad be ef</translation>
    </message>
    <message>
        <source>Not valid hex: &quot;%1&quot; at character %2 is not a hex digit (0-9, a-f).</source>
        <translation>不是有效的十六进制：第 %2 个字符“%1”不是十六进制数字（0-9、a-f）。</translation>
    </message>
    <message>
        <source>Not valid hex: &quot;%1&quot; at character %2 has an odd number of digits; write each byte as two digits.</source>
        <translation>不是有效的十六进制：第 %2 个字符起的“%1”位数为奇数；每个字节请写两位数字。</translation>
    </message>
</context>
<context>
    <name>wsm::Confirmations</name>
    <message>
        <source>One client will be closed with 1001 (going away).</source>
        <translation>将以 1001（离开）关闭 1 个客户端。</translation>
    </message>
    <message numerus="yes">
        <source>%n clients will be closed with 1001 (going away).</source>
        <translation>
            <numerusform>将以 1001（离开）关闭 %n 个客户端。</numerusform>
        </translation>
    </message>
    <message>
        <source>They may reconnect once the server runs again.</source>
        <translation>服务器再次运行后，它们可以重新连接。</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>Clear Log</source>
        <translation>清空日志</translation>
    </message>
    <message>
        <source>Remove the one event from the log shown here?</source>
        <translation>从此处显示的日志中删除这 1 个事件？</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n events from the log shown here?</source>
        <translation>
            <numerusform>从此处显示的日志中删除 %n 个事件？</numerusform>
        </translation>
    </message>
    <message>
        <source>The console keeps no other copy; export the log first to keep it. The server goes on.</source>
        <translation>控制台不保留其他副本；如需保留，请先导出日志。服务器继续运行。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Restart the Server?</source>
        <translation>重启服务器？</translation>
    </message>
    <message>
        <source>%1 will apply when the server starts again.</source>
        <translation>%1将在服务器再次启动时生效。</translation>
    </message>
    <message>
        <source>Restarting now closes the one client with 1012 (service restart).</source>
        <translation>立即重启将以 1012（服务重启）关闭 1 个客户端。</translation>
    </message>
    <message numerus="yes">
        <source>Restarting now closes %n clients with 1012 (service restart).</source>
        <translation>
            <numerusform>立即重启将以 1012（服务重启）关闭 %n 个客户端。</numerusform>
        </translation>
    </message>
    <message>
        <source>Restart Now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Send to All Nodes?</source>
        <translation>发送到所有节点？</translation>
    </message>
    <message numerus="yes">
        <source>The message goes to every client of %n node(s): %1.</source>
        <translation>
            <numerusform>消息将发送到 %n 个节点的每个客户端：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>wsm::ConnectNodeDialog</name>
    <message>
        <source>Connect to Node</source>
        <translation>连接到节点</translation>
    </message>
    <message>
        <source>ws://node.example:9001/admin</source>
        <translation>ws://node.example:9001/admin</translation>
    </message>
    <message>
        <source>The node&apos;s admin channel: ws:// or wss://, its host and port</source>
        <translation>节点的管理通道：ws:// 或 wss://，及其主机和端口</translation>
    </message>
    <message>
        <source>Admin &amp;URL:</source>
        <translation>管理 &amp;URL：</translation>
    </message>
    <message>
        <source>Token from a &amp;file:</source>
        <translation>从文件读取令牌(&amp;F)：</translation>
    </message>
    <message>
        <source>/etc/wsmonitor/admin-token</source>
        <translation>/etc/wsmonitor/admin-token</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Type the token:</source>
        <translation>输入令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>A token file is read again at each start. A typed token is kept in the desktop&apos;s secret store, never in the settings file.</source>
        <translation>令牌文件在每次启动时重新读取。输入的令牌保存在桌面的密钥存储中，绝不写入设置文件。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an admin URL: it takes ws:// or wss://, a host and a port.</source>
        <translation>“%1”不是管理 URL：需要 ws:// 或 wss://、主机和端口。</translation>
    </message>
    <message>
        <source>Admin Token File</source>
        <translation>管理令牌文件</translation>
    </message>
</context>
<context>
    <name>wsm::ConnectionEvent</name>
    <message>
        <source>client closed</source>
        <translation>客户端关闭</translation>
    </message>
    <message>
        <source>connection dropped</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>operator kick</source>
        <translation>操作员踢出</translation>
    </message>
    <message>
        <source>heartbeat timeout</source>
        <translation>心跳超时</translation>
    </message>
    <message>
        <source>message too big</source>
        <translation>消息过大</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>无效的 UTF-8</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>rate limit exceeded</source>
        <translation>超出速率限制</translation>
    </message>
    <message>
        <source>slow consumer</source>
        <translation>慢速消费者</translation>
    </message>
    <message>
        <source>server full</source>
        <translation>服务器已满</translation>
    </message>
    <message>
        <source>origin refused</source>
        <translation>来源被拒绝</translation>
    </message>
    <message>
        <source>token refused</source>
        <translation>令牌被拒绝</translation>
    </message>
    <message>
        <source>banned</source>
        <translation>已封禁</translation>
    </message>
    <message>
        <source>handshake timeout</source>
        <translation>握手超时</translation>
    </message>
    <message>
        <source>bad handshake</source>
        <translation>握手无效</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>server shutdown</source>
        <translation>服务器关闭</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>inbound memory ceiling</source>
        <translation>入站内存上限</translation>
    </message>
    <message>
        <source>message sent too slowly</source>
        <translation>消息发送过慢</translation>
    </message>
    <message>
        <source>outbound memory ceiling</source>
        <translation>出站内存上限</translation>
    </message>
    <message>
        <source>service restart</source>
        <translation>服务重启</translation>
    </message>
    <message>
        <source>cluster link up</source>
        <translation>集群链路已连接</translation>
    </message>
    <message>
        <source>cluster link down</source>
        <translation>集群链路已断开</translation>
    </message>
    <message>
        <source>no identity token</source>
        <translation>缺少身份令牌</translation>
    </message>
    <message>
        <source>identity token refused</source>
        <translation>身份令牌被拒绝</translation>
    </message>
    <message>
        <source>identity token expired</source>
        <translation>身份令牌已过期</translation>
    </message>
    <message>
        <source>flapping started</source>
        <translation>开始频繁重连</translation>
    </message>
    <message>
        <source>flapping stopped</source>
        <translation>停止频繁重连</translation>
    </message>
</context>
<context>
    <name>wsm::ConnectionTableModel</name>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>The server&apos;s number for the client, in order of arrival.</source>
        <translation>服务器为客户端分配的编号，按连接先后排列。</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端地址</translation>
    </message>
    <message>
        <source>The client&apos;s address and port.</source>
        <translation>客户端的地址和端口。</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>The path and query the client connected to.</source>
        <translation>客户端连接的路径和查询参数。</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>When the client connected (local time), and how long ago.</source>
        <translation>客户端的连接时间（本地时间）及已连接时长。</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>Whether the client answers the server&apos;s pings: ok, late or missing; off when the heartbeat is off.</source>
        <translation>客户端是否应答服务器的 ping：正常、延迟或丢失；未启用心跳时为“关闭”。</translation>
    </message>
    <message>
        <source>RTT</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>The round-trip time of the last answered ping.</source>
        <translation>最近一次得到应答的 ping 的往返时间。</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后活动</translation>
    </message>
    <message>
        <source>How long ago anything at all was received from the client.</source>
        <translation>距上次从客户端收到任何数据已过去多久。</translation>
    </message>
    <message>
        <source>Messages in</source>
        <translation>接收消息</translation>
    </message>
    <message>
        <source>Messages received from the client.</source>
        <translation>从客户端收到的消息数。</translation>
    </message>
    <message>
        <source>Messages out</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Messages sent to the client.</source>
        <translation>发送给客户端的消息数。</translation>
    </message>
    <message>
        <source>Rate in</source>
        <translation>接收速率</translation>
    </message>
    <message>
        <source>Messages received per second, over the last second.</source>
        <translation>每秒接收的消息数，按最近一秒计算。</translation>
    </message>
    <message>
        <source>Rate out</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>Messages sent per second, over the last second.</source>
        <translation>每秒发送的消息数，按最近一秒计算。</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>Bytes received from the client.</source>
        <translation>从客户端收到的字节数。</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Bytes sent to the client.</source>
        <translation>发送给客户端的字节数。</translation>
    </message>
    <message>
        <source>Send queue</source>
        <translation>发送队列</translation>
    </message>
    <message>
        <source>Bytes written to the client but not yet taken by the network. A queue that keeps growing means a slow reader.</source>
        <translation>已写入但尚未被网络发出的字节数。队列持续增长说明客户端读取过慢。</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>The WebSocket subprotocol agreed in the handshake.</source>
        <translation>握手时协商的 WebSocket 子协议。</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>The Origin header the client sent in the handshake.</source>
        <translation>客户端在握手时发送的 Origin 头。</translation>
    </message>
    <message>
        <source>User agent</source>
        <translation>用户代理</translation>
    </message>
    <message>
        <source>The User-Agent header the client sent in the handshake.</source>
        <translation>客户端在握手时发送的 User-Agent 头。</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>connected at local time (for how long)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>off</source>
        <comment>heartbeat</comment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>ok</source>
        <comment>heartbeat</comment>
        <translation>正常</translation>
    </message>
    <message>
        <source>late</source>
        <comment>heartbeat</comment>
        <translation>延迟</translation>
    </message>
    <message>
        <source>missing</source>
        <comment>heartbeat</comment>
        <translation>丢失</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1前</translation>
    </message>
    <message>
        <source>%1/s</source>
        <comment>messages per second</comment>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Closing: the server is waiting for the client to finish the close.</source>
        <translation>正在关闭：服务器正在等待客户端完成关闭握手。</translation>
    </message>
    <message>
        <source>Heartbeat: %1</source>
        <translation>心跳：%1</translation>
    </message>
    <message>
        <source>Round trip: %1</source>
        <translation>往返时间：%1</translation>
    </message>
    <message>
        <source>Pings unanswered in a row: %L1</source>
        <translation>连续未应答的 ping：%L1</translation>
    </message>
    <message>
        <source>Last seen: %1</source>
        <translation>最后活动：%1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>seconds</comment>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>ok: heard from within the last %1</source>
        <translation>正常：最近 %1 内收到过数据</translation>
    </message>
    <message>
        <source>late: silent for more than %1</source>
        <translation>迟到：超过 %1 未收到数据</translation>
    </message>
    <message>
        <source>missing: silent for more than %1, or two pings unanswered</source>
        <translation>丢失：超过 %1 未收到数据，或连续两次 ping 未应答</translation>
    </message>
    <message>
        <source>The server closes a client silent for %1.</source>
        <translation>客户端静默 %1 后服务器将关闭它。</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>The node (server) the client is connected to.</source>
        <translation>客户端所连接的节点（服务器）。</translation>
    </message>
    <message>
        <source>Node %1 unreachable since %2: shown as it last reported.</source>
        <translation>节点 %1 自 %2 起无法访问：显示的是其最后一次报告的状态。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>How the client is connected: a WebSocket, or a Server-Sent Events stream (one way, server to client).</source>
        <translation>客户端的连接方式：WebSocket，或 Server-Sent Events 流（单向，从服务器到客户端）。</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Who the client is (--identity): its display name and, in brackets, its subject. An identity the client only claimed, not proven by a token, is marked unverified.</source>
        <translation>客户端是谁（--identity）：其显示名称，括号中为其主体（subject）。客户端仅自称、未经令牌证明的身份标记为未验证。</translation>
    </message>
    <message>
        <source>Flapping</source>
        <translation>频繁重连</translation>
    </message>
    <message>
        <source>Marked while the client (its identity, or its address and user agent) reconnects more often than --flapping-threshold times a minute.</source>
        <translation>当客户端（按其身份，或其地址和用户代理）每分钟重连次数超过 --flapping-threshold 时标记。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>display name (subject)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (unverified)</source>
        <comment>an identity the client claimed</comment>
        <translation>%1（未验证）</translation>
    </message>
    <message>
        <source>flapping</source>
        <translation>频繁重连</translation>
    </message>
    <message>
        <source>Unverified: the client named itself &quot;%1&quot; (--identity query or header). Anyone can claim any name this way; use it for development only.</source>
        <translation>未验证：客户端自称“%1”（--identity query 或 header）。任何人都可以用这种方式声称任意名称；仅用于开发。</translation>
    </message>
    <message>
        <source>Verified token; subject &quot;%1&quot;.</source>
        <translation>已验证的令牌；主体“%1”。</translation>
    </message>
    <message>
        <source>The token expires at %1; the connection ends then.</source>
        <translation>令牌于 %1 过期；届时连接将结束。</translation>
    </message>
    <message>
        <source>This client reconnects more often than --flapping-threshold times a minute: the event log says how often and why its connections ended.</source>
        <translation>此客户端每分钟重连次数超过 --flapping-threshold：事件日志中写明了重连频率及其连接结束的原因。</translation>
    </message>
</context>
<context>
    <name>wsm::ConsoleSettings</name>
    <message>
        <source>Kicked by the operator.</source>
        <translation>已被操作员踢出。</translation>
    </message>
</context>
<context>
    <name>wsm::CsvExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The export to %1 was cancelled.</source>
        <translation>已取消导出到 %1。</translation>
    </message>
</context>
<context>
    <name>wsm::CtlCommandLine</name>
    <message>
        <source>The node: name, version, URL, uptime, clients, rates and totals.</source>
        <translation>节点概况：名称、版本、地址、运行时间、客户端、速率和累计数。</translation>
    </message>
    <message>
        <source>Every connected client, one per line.</source>
        <translation>所有已连接的客户端，每行一个。</translation>
    </message>
    <message>
        <source>The recent connection events (connects, ends, refusals).</source>
        <translation>最近的连接事件（连接、结束、拒绝）。</translation>
    </message>
    <message>
        <source>Close every client&apos;s connection.</source>
        <translation>关闭所有客户端的连接。</translation>
    </message>
    <message>
        <source>The active bans: target, reason, expiry.</source>
        <translation>生效中的封禁：对象、原因、到期时间。</translation>
    </message>
    <message>
        <source>Send a text message to one client.</source>
        <translation>向一个客户端发送文本消息。</translation>
    </message>
    <message>
        <source>Send a text message to every client.</source>
        <translation>向所有客户端发送文本消息。</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>显示此帮助并退出。</translation>
    </message>
    <message>
        <source>The node&apos;s admin URL (ws:// or wss://). Default: $WSMONITOR_ADMIN, else ws://127.0.0.1:9090/.</source>
        <translation>节点的管理地址（ws:// 或 wss://）。默认：$WSMONITOR_ADMIN，否则 ws://127.0.0.1:9090/。</translation>
    </message>
    <message>
        <source>Present the admin token held in FILE. Default: the file named by $WSMONITOR_ADMIN_TOKEN_FILE; none without it. Never on the command line.</source>
        <translation>出示 FILE 中保存的管理令牌。默认：$WSMONITOR_ADMIN_TOKEN_FILE 指定的文件；未设置则不出示。令牌绝不放在命令行上。</translation>
    </message>
    <message>
        <source>Print JSON instead of a table.</source>
        <translation>输出 JSON 而不是表格。</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>用法：%1</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos; for %2; it takes %3.</source>
        <translation>%2 不认识选项“%1”；可用选项：%3。</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Run &apos;wsmonitor ctl COMMAND --help&apos; for a command&apos;s options.
Exit codes: 0 done; 1 the node refused or the command failed; 2 bad command line; 3 the node cannot be reached or refused the token.</source>
        <translation>运行“wsmonitor ctl COMMAND --help”查看某个命令的选项。
退出码：0 完成；1 节点拒绝或命令失败；2 命令行有误；3 无法连接节点或令牌被拒绝。</translation>
    </message>
    <message>
        <source>Watch and control a wsmonitor node over its admin channel.</source>
        <translation>通过管理通道查看和控制 wsmonitor 节点。</translation>
    </message>
    <message>
        <source>then a command</source>
        <translation>然后是一个命令</translation>
    </message>
    <message>
        <source>No command given; one of: %1.</source>
        <translation>未给出命令；可用命令：%1。</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;; one of: %2.</source>
        <translation>未知命令“%1”；可用命令：%2。</translation>
    </message>
    <message>
        <source>Keep printing new events until Ctrl+C, SIGTERM or the link drops.</source>
        <translation>持续输出新事件，直到 Ctrl+C、SIGTERM 或连接断开。</translation>
    </message>
    <message>
        <source>The close code, %1 to %2; default %1.</source>
        <translation>关闭代码，%1 到 %2；默认 %1。</translation>
    </message>
    <message>
        <source>The reason, sent to the clients and kept in the log.</source>
        <translation>原因，发送给客户端并记入日志。</translation>
    </message>
    <message>
        <source>How long the ban lasts, 1 to %1 minutes; by default until it is lifted.</source>
        <translation>封禁时长，1 到 %1 分钟；默认直到解除为止。</translation>
    </message>
    <message>
        <source>%1 takes no arguments; got &apos;%2&apos;.</source>
        <translation>%1 不接受参数；收到的是“%2”。</translation>
    </message>
    <message>
        <source>%1 takes %2; got %3.</source>
        <translation>%1 需要 %2；收到的是 %3。</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>空</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a client id (a number from 1 up, as &apos;wsmonitor ctl clients&apos; lists them).</source>
        <translation>%1：“%2”不是客户端 ID（从 1 开始的数字，见“wsmonitor ctl clients”的列表）。</translation>
    </message>
    <message>
        <source>%1: the message is empty.</source>
        <translation>%1：消息为空。</translation>
    </message>
    <message>
        <source>--code takes %1 to %2; got &apos;%3&apos;.</source>
        <translation>--code 的取值为 %1 到 %2；收到的是“%3”。</translation>
    </message>
    <message>
        <source>--minutes takes 1 to %1; got &apos;%2&apos;.</source>
        <translation>--minutes 的取值为 1 到 %1；收到的是“%2”。</translation>
    </message>
    <message>
        <source>--connect takes ws://HOST:PORT/ or wss://HOST:PORT/; got &apos;%1&apos;.</source>
        <translation>--connect 的取值为 ws://HOST:PORT/ 或 wss://HOST:PORT/；收到的是“%1”。</translation>
    </message>
    <message>
        <source>The nodes of this node&apos;s cluster as its registry lists them (outside a cluster, this node), the attached one marked, and the cluster&apos;s total clients and rates.</source>
        <translation>该节点所在集群中其注册表列出的各节点（不在集群中时为该节点本身），标出所连接的节点，并给出集群的客户端总数和速率总和。</translation>
    </message>
    <message>
        <source>The node of the cluster whose client it is, by its --node-name; the node attached to passes the command on. Default: the node attached to.</source>
        <translation>客户端所在的集群节点，按其 --node-name 指定；所连接的节点会转发该命令。默认：所连接的节点。</translation>
    </message>
    <message>
        <source>--node takes a node&apos;s name, 1 to %1 printable characters; got &apos;%2&apos;.</source>
        <translation>--node 需要节点名称，1 到 %1 个可打印字符；收到的是“%2”。</translation>
    </message>
    <message>
        <source>Close the connections of these clients, or with --identity of every client of an identity.</source>
        <translation>关闭这些客户端的连接；使用 --identity 时关闭某一身份的所有客户端的连接。</translation>
    </message>
    <message>
        <source>Refuse an address, a CIDR range or an identity (e.g. 192.0.2.7, 10.0.0.0/8, identity:alice) and close its clients.</source>
        <translation>拒绝一个地址、CIDR 网段或身份（例如 192.0.2.7、10.0.0.0/8、identity:alice），并关闭其客户端。</translation>
    </message>
    <message>
        <source>Lift the ban of an address, a range or an identity.</source>
        <translation>解除对某个地址、网段或身份的封禁。</translation>
    </message>
    <message>
        <source>Instead of ids: every client of the node attached to whose identity (the token&apos;s sub, as &apos;clients&apos; lists it) is SUB.</source>
        <translation>代替编号：所连接节点上身份（令牌的 sub，即 &apos;clients&apos; 所列）为 SUB 的每个客户端。</translation>
    </message>
    <message>
        <source>--identity takes an identity; got &apos;&apos;.</source>
        <translation>--identity 需要一个身份；得到的是 &apos;&apos;。</translation>
    </message>
    <message>
        <source>%1 takes either client ids or --identity, not both.</source>
        <translation>%1 接受客户端编号或 --identity，不能同时使用。</translation>
    </message>
    <message>
        <source>--identity kicks the clients of the node attached to; to reach node %1&apos;s, --connect to its admin channel.</source>
        <translation>--identity 踢出所连接节点的客户端；要处理节点 %1 的客户端，请用 --connect 连接到它的管理通道。</translation>
    </message>
    <message>
        <source>%1 takes ID... or --identity SUB; got nothing.</source>
        <translation>%1 需要 ID... 或 --identity SUB；但什么也没有得到。</translation>
    </message>
</context>
<context>
    <name>wsm::CtlOutput</name>
    <message>
        <source>%1 d %2</source>
        <translation>%1 天 %2</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>PEER</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>CONNECTED (UTC)</source>
        <translation>连接时间 (UTC)</translation>
    </message>
    <message>
        <source>HEARTBEAT</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>RTT MS</source>
        <translation>往返毫秒</translation>
    </message>
    <message>
        <source>MSG IN</source>
        <translation>收到消息</translation>
    </message>
    <message>
        <source>MSG OUT</source>
        <translation>发出消息</translation>
    </message>
    <message>
        <source>BYTES IN</source>
        <translation>收到字节</translation>
    </message>
    <message>
        <source>BYTES OUT</source>
        <translation>发出字节</translation>
    </message>
    <message>
        <source>QUEUE</source>
        <translation>发送队列</translation>
    </message>
    <message>
        <source>ORIGIN</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>USER AGENT</source>
        <translation>用户代理</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Admin URL:</source>
        <translation>管理地址：</translation>
    </message>
    <message>
        <source>Access:</source>
        <translation>权限：</translation>
    </message>
    <message>
        <source>watch only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>full control</source>
        <translation>完全控制</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>运行时间：</translation>
    </message>
    <message>
        <source>Clients:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Messages/s:</source>
        <translation>消息/秒：</translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation>收 %1，发 %2</translation>
    </message>
    <message>
        <source>Bytes/s:</source>
        <translation>字节/秒：</translation>
    </message>
    <message>
        <source>Connections:</source>
        <translation>连接：</translation>
    </message>
    <message>
        <source>%1 accepted, %2 closed, %3 refused</source>
        <translation>接受 %1，关闭 %2，拒绝 %3</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Bytes:</source>
        <translation>字节：</translation>
    </message>
    <message>
        <source>Bans:</source>
        <translation>封禁：</translation>
    </message>
    <message>
        <source>TIME (UTC)</source>
        <translation>时间 (UTC)</translation>
    </message>
    <message>
        <source>EVENT</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>ENDED BY</source>
        <translation>结束方</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>until lifted</source>
        <translation>直到解除</translation>
    </message>
    <message>
        <source>TARGET</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>EXPIRES (UTC)</source>
        <translation>到期 (UTC)</translation>
    </message>
    <message>
        <source>NODE</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>VERSION</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>ADMIN URL</source>
        <translation>管理地址</translation>
    </message>
    <message>
        <source>CLIENTS</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>up since %1</source>
        <translation>自 %1 起已连接</translation>
    </message>
    <message>
        <source>DOWN since %1</source>
        <translation>自 %1 起已断开</translation>
    </message>
    <message>
        <source>Cluster link:</source>
        <translation>集群链路：</translation>
    </message>
    <message>
        <source>Redis:</source>
        <translation>Redis：</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>上次错误：</translation>
    </message>
    <message>
        <source>Cluster messages:</source>
        <translation>集群消息：</translation>
    </message>
    <message>
        <source>%1 published, %2 received, %3 dropped</source>
        <translation>已发布 %1，已接收 %2，已丢弃 %3</translation>
    </message>
    <message>
        <source>Link failures:</source>
        <translation>链路故障：</translation>
    </message>
    <message>
        <source>Cluster nodes:</source>
        <translation>集群节点：</translation>
    </message>
    <message>
        <source>%1 (attached)</source>
        <translation>%1（已连接）</translation>
    </message>
    <message>
        <source>MSG/S IN</source>
        <translation>入 消息/秒</translation>
    </message>
    <message>
        <source>MSG/S OUT</source>
        <translation>出 消息/秒</translation>
    </message>
    <message>
        <source>UP SINCE (UTC)</source>
        <translation>启动时间 (UTC)</translation>
    </message>
    <message numerus="yes">
        <source>CLUSTER TOTAL (%n node(s))</source>
        <translation>
            <numerusform>集群合计（%n 个节点）</numerusform>
        </translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>IDENTITY</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>FLAPPING</source>
        <translation>频繁重连</translation>
    </message>
    <message>
        <source>%1 (unverified)</source>
        <translation>%1（未验证）</translation>
    </message>
</context>
<context>
    <name>wsm::CtlRunner</name>
    <message>
        <source>The node could not take the request: %1</source>
        <translation>节点无法接受该请求：%1</translation>
    </message>
    <message>
        <source>Interrupted.</source>
        <translation>已中断。</translation>
    </message>
    <message>
        <source>The node&apos;s snapshot could not be read: %1</source>
        <translation>无法读取节点的快照：%1</translation>
    </message>
    <message>
        <source>No client with id %1 on %2; nothing was done.</source>
        <translation>%2 上没有 ID 为 %1 的客户端；未执行任何操作。</translation>
    </message>
    <message>
        <source>Run &apos;wsmonitor ctl --help&apos; for the commands, &apos;wsmonitor ctl COMMAND --help&apos; for one.</source>
        <translation>运行“wsmonitor ctl --help”查看所有命令，“wsmonitor ctl COMMAND --help”查看单个命令。</translation>
    </message>
    <message>
        <source>%1 runs an older wsmonitor that cannot reach the clients of node %2; nothing was done.</source>
        <translation>%1 运行的是较旧的 wsmonitor，无法访问节点 %2 的客户端；未执行任何操作。</translation>
    </message>
    <message>
        <source>No client of identity %1 on %2; nothing was done.</source>
        <translation>%2 上没有身份为 %1 的客户端；未执行任何操作。</translation>
    </message>
</context>
<context>
    <name>wsm::DiagnosticsPanel</name>
    <message>
        <source>Clients connected:</source>
        <translation>已连接客户端：</translation>
    </message>
    <message>
        <source>Clients whose connection is open.</source>
        <translation>连接处于打开状态的客户端。</translation>
    </message>
    <message>
        <source>Sessions alive:</source>
        <translation>存活会话：</translation>
    </message>
    <message>
        <source>Sessions the server holds in memory. Equal to the clients connected unless one leaked.</source>
        <translation>服务器内存中持有的会话数。除非有会话泄漏，否则应等于已连接客户端数。</translation>
    </message>
    <message>
        <source>Handshakes pending:</source>
        <translation>待完成握手：</translation>
    </message>
    <message>
        <source>Connections accepted that are not yet upgraded or refused.</source>
        <translation>已接受但尚未升级或被拒绝的连接。</translation>
    </message>
    <message>
        <source>Accepted since start:</source>
        <translation>启动以来接受：</translation>
    </message>
    <message>
        <source>Connections upgraded to WebSocket since the server started.</source>
        <translation>服务器启动以来升级为 WebSocket 的连接数。</translation>
    </message>
    <message>
        <source>Refused since start:</source>
        <translation>启动以来拒绝：</translation>
    </message>
    <message>
        <source>Connections refused before the upgrade since the server started.</source>
        <translation>服务器启动以来在升级前被拒绝的连接数。</translation>
    </message>
    <message>
        <source>Closed since start:</source>
        <translation>启动以来关闭：</translation>
    </message>
    <message>
        <source>Upgraded connections that have ended since the server started.</source>
        <translation>服务器启动以来已结束的已升级连接数。</translation>
    </message>
    <message>
        <source>Memory in use:</source>
        <translation>内存占用：</translation>
    </message>
    <message>
        <source>The resident set size of this process.</source>
        <translation>本进程的常驻内存 (RSS)。</translation>
    </message>
    <message>
        <source>Open file descriptors:</source>
        <translation>打开的文件描述符：</translation>
    </message>
    <message>
        <source>Every client holds one, as do log files and listening sockets.</source>
        <translation>每个客户端占用一个，日志文件和监听套接字也各占用一个。</translation>
    </message>
    <message>
        <source>Server event-loop lag:</source>
        <translation>服务器事件循环延迟：</translation>
    </message>
    <message>
        <source>How late the server thread ran its last timer. High values mean it is overloaded.</source>
        <translation>服务器线程上一次定时器的执行延迟。数值偏高说明服务器过载。</translation>
    </message>
    <message>
        <source>Events dropped:</source>
        <translation>丢弃的事件：</translation>
    </message>
    <message>
        <source>Connection events that did not reach the console because too many came at once.</source>
        <translation>因同时到达过多而未能送达控制台的连接事件。</translation>
    </message>
    <message>
        <source>Sessions alive (%1) and clients connected (%2) differ: a session has leaked or a connection is a zombie.</source>
        <translation>存活会话（%1）与已连接客户端（%2）不一致：有会话泄漏或存在僵尸连接。</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <source>Inbound held:</source>
        <translation>入站占用：</translation>
    </message>
    <message>
        <source>Bytes of messages in progress that the server holds for all clients together, and the ceiling (--max-inbound-buffer-bytes). Past it, the clients holding the most are closed (1009).</source>
        <translation>服务器为所有客户端合计保存的未完成消息字节数，以及上限（--max-inbound-buffer-bytes）。超过上限时，占用最多的客户端会被关闭（1009）。</translation>
    </message>
    <message>
        <source>Outbound queued:</source>
        <translation>出站排队：</translation>
    </message>
    <message>
        <source>Bytes queued to all clients together and not yet sent, and the ceiling (--max-outbound-buffer-bytes). Past it, the slowest consumers are closed (1008).</source>
        <translation>为所有客户端合计排队、尚未发出的字节数，以及上限（--max-outbound-buffer-bytes）。超过上限时，最慢的接收方会被关闭（1008）。</translation>
    </message>
    <message>
        <source>Closed to bound memory:</source>
        <translation>为限制内存而关闭：</translation>
    </message>
    <message>
        <source>Clients closed since start by the inbound ceiling, for sending a message too slowly (--min-receive-rate), and by the outbound ceiling.</source>
        <translation>自启动以来因入站上限、因消息发送过慢（--min-receive-rate）以及因出站上限而关闭的客户端数。</translation>
    </message>
    <message>
        <source>inbound %1, slow senders %2, outbound %3</source>
        <translation>入站 %1，发送过慢 %2，出站 %3</translation>
    </message>
    <message>
        <source>Admin channel:</source>
        <translation>管理通道：</translation>
    </message>
    <message>
        <source>Consoles and scripts attached to the admin channel (--admin-listen) now, and the connections it refused (token, path, capacity) since it started listening. They are not clients: never in the table or the connection log.</source>
        <translation>当前连接到管理通道（--admin-listen）的控制台和脚本，以及自开始监听以来它拒绝的连接（令牌、路径、容量）。它们不是客户端：从不出现在表格或连接日志中。</translation>
    </message>
    <message>
        <source>%1 attached, %2 refused</source>
        <translation>已连接 %1 个，已拒绝 %2 个</translation>
    </message>
</context>
<context>
    <name>wsm::DisplayText</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>wsm::ErrorBanner</name>
    <message>
        <source>Close this message</source>
        <translation>关闭此消息</translation>
    </message>
</context>
<context>
    <name>wsm::EventCsvLog</name>
    <message>
        <source>Cannot write the connection log %1: %2</source>
        <translation>无法写入连接日志 %1：%2</translation>
    </message>
    <message>
        <source>The connection log is not open.</source>
        <translation>连接日志未打开。</translation>
    </message>
</context>
<context>
    <name>wsm::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>When it happened, in local time.</source>
        <translation>发生时间（本地时间）。</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>The server&apos;s number for the client; empty when it was refused before it got one.</source>
        <translation>服务器为客户端分配的编号；若在分配编号前即被拒绝则为空。</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端地址</translation>
    </message>
    <message>
        <source>The client&apos;s address and port.</source>
        <translation>客户端的地址和端口。</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>The path the client asked for.</source>
        <translation>客户端请求的路径。</translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation>结束方</translation>
    </message>
    <message>
        <source>Who ended the connection: the client, the operator or the server.</source>
        <translation>由谁结束连接：客户端、操作员或服务器。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why the connection ended or was refused.</source>
        <translation>连接结束或被拒绝的原因。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>The WebSocket close code, or the HTTP status of a refusal.</source>
        <translation>WebSocket 关闭码，或拒绝时的 HTTP 状态码。</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>The reason text of the close, or what the refusal said.</source>
        <translation>关闭时附带的原因文本，或拒绝时返回的说明。</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>How long the connection lasted.</source>
        <translation>连接持续的时间。</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>banned</source>
        <translation>已封禁</translation>
    </message>
    <message>
        <source>banned: %1</source>
        <translation>已封禁：%1</translation>
    </message>
    <message>
        <source>malformed HTTP request</source>
        <translation>HTTP 请求格式错误</translation>
    </message>
    <message>
        <source>request head too large</source>
        <translation>请求头过大</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>no WebSocket endpoint at %1</source>
        <translation>%1 没有 WebSocket 端点</translation>
    </message>
    <message>
        <source>this is a WebSocket endpoint: send an upgrade request</source>
        <translation>这是 WebSocket 端点：请发送升级请求</translation>
    </message>
    <message>
        <source>unsupported Sec-WebSocket-Version; this server speaks 13</source>
        <translation>不支持的 Sec-WebSocket-Version；本服务器使用 13</translation>
    </message>
    <message>
        <source>origin required</source>
        <translation>需要 Origin</translation>
    </message>
    <message>
        <source>origin not allowed</source>
        <translation>Origin 不被允许</translation>
    </message>
    <message>
        <source>token required</source>
        <translation>需要令牌</translation>
    </message>
    <message>
        <source>wrong token</source>
        <translation>令牌错误</translation>
    </message>
    <message>
        <source>server full</source>
        <translation>服务器已满</translation>
    </message>
    <message>
        <source>server shutdown</source>
        <translation>服务器关闭</translation>
    </message>
    <message>
        <source>heartbeat timeout</source>
        <translation>心跳超时</translation>
    </message>
    <message>
        <source>unmasked client frame</source>
        <translation>客户端帧未加掩码</translation>
    </message>
    <message>
        <source>slow consumer: send queue over %1 bytes</source>
        <translation>消费过慢：发送队列超过 %1 字节</translation>
    </message>
    <message>
        <source>rate limit of %1 messages per second exceeded</source>
        <translation>超过每秒 %1 条消息的速率限制</translation>
    </message>
    <message>
        <source>message of %1 bytes over the limit of %2</source>
        <translation>消息 %1 字节，超过 %2 字节的限制</translation>
    </message>
    <message>
        <source>The request does not ask for a WebSocket upgrade.</source>
        <translation>该请求没有要求升级为 WebSocket。</translation>
    </message>
    <message>
        <source>A WebSocket handshake must use GET, not %1.</source>
        <translation>WebSocket 握手必须使用 GET，而不是 %1。</translation>
    </message>
    <message>
        <source>A WebSocket handshake needs HTTP/1.1 or later, not %1.</source>
        <translation>WebSocket 握手需要 HTTP/1.1 或更高版本，而不是 %1。</translation>
    </message>
    <message>
        <source>The Host header is missing or empty.</source>
        <translation>缺少 Host 头或其为空。</translation>
    </message>
    <message>
        <source>The Host header appears more than once.</source>
        <translation>Host 头出现了不止一次。</translation>
    </message>
    <message>
        <source>The Sec-WebSocket-Key header is missing.</source>
        <translation>缺少 Sec-WebSocket-Key 头。</translation>
    </message>
    <message>
        <source>The Sec-WebSocket-Key header appears more than once.</source>
        <translation>Sec-WebSocket-Key 头出现了不止一次。</translation>
    </message>
    <message>
        <source>The Sec-WebSocket-Key header is not 16 bytes in base64.</source>
        <translation>Sec-WebSocket-Key 头不是 base64 编码的 16 字节。</translation>
    </message>
    <message>
        <source>The Sec-WebSocket-Version header must be 13.</source>
        <translation>Sec-WebSocket-Version 头必须为 13。</translation>
    </message>
    <message>
        <source>Origin: %1</source>
        <translation>Origin：%1</translation>
    </message>
    <message>
        <source>User-Agent: %1</source>
        <translation>User-Agent：%1</translation>
    </message>
    <message>
        <source>slow consumer: %1 bytes queued, over the outbound ceiling of %2 for all clients</source>
        <translation>接收过慢：排队 %1 字节，超过所有客户端合计的出站上限 %2</translation>
    </message>
    <message>
        <source>server memory: %1 bytes of an unfinished message held, over the inbound ceiling of %2 for all clients</source>
        <translation>服务器内存：保存了 %1 字节的未完成消息，超过所有客户端合计的入站上限 %2</translation>
    </message>
    <message>
        <source>message in progress below %1 bytes per second (%2 bytes in %3 s)</source>
        <translation>正在发送的消息低于每秒 %1 字节（%3 秒内 %2 字节）</translation>
    </message>
    <message>
        <source>Timeout when reading data from socket.</source>
        <translation>读取套接字数据超时。</translation>
    </message>
    <message>
        <source>server shutdown before the upgrade</source>
        <translation>升级前服务器关闭</translation>
    </message>
    <message>
        <source>service restart</source>
        <translation>服务重启</translation>
    </message>
    <message>
        <source>service restart before the upgrade</source>
        <translation>升级前服务重启</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>The node the client was on.</source>
        <translation>客户端所在的节点。</translation>
    </message>
    <message>
        <source>Whether a client connected, its connection closed, or it was refused before the upgrade; or the node&apos;s link to its cluster came up or went down.</source>
        <translation>客户端是已连接、连接已关闭，还是在升级前被拒绝；或节点与其集群的链路已连接或已断开。</translation>
    </message>
    <message>
        <source>The node&apos;s link to its cluster&apos;s Redis came up.</source>
        <translation>节点与其集群 Redis 的链路已连接。</translation>
    </message>
    <message>
        <source>The node&apos;s link to its cluster&apos;s Redis went down: broadcasts, bans and control no longer reach the other nodes, and its own clients are served as before.</source>
        <translation>节点与其集群 Redis 的链路已断开：广播、封禁和控制不再到达其他节点，节点自己的客户端照常服务。</translation>
    </message>
    <message>
        <source>Redis %1</source>
        <translation>Redis %1</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>How the client connected: a WebSocket or a Server-Sent Events stream.</source>
        <translation>客户端的连接方式：WebSocket 或 Server-Sent Events 流。</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Who the client is (--identity); empty when it gave none.</source>
        <translation>客户端是谁（--identity）；未提供时为空。</translation>
    </message>
    <message>
        <source>This client reconnects more often than --flapping-threshold times a minute.</source>
        <translation>此客户端每分钟重连次数超过 --flapping-threshold。</translation>
    </message>
    <message>
        <source>This client no longer reconnects more often than --flapping-threshold times a minute.</source>
        <translation>此客户端每分钟重连次数已不再超过 --flapping-threshold。</translation>
    </message>
</context>
<context>
    <name>wsm::EventLogPane</name>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>Show only the connections that ended for this reason</source>
        <translation>只显示因此原因结束的连接</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>筛选事件</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Cluster link up or down</source>
        <translation>集群链路连接或断开</translation>
    </message>
    <message>
        <source>Flapping started or stopped</source>
        <translation>开始或停止频繁重连</translation>
    </message>
</context>
<context>
    <name>wsm::JwtVerifier</name>
    <message>
        <source>The HS256 secret is %1 bytes long; it must be at least %2 bytes (as long as the SHA-256 hash).</source>
        <translation>HS256 密钥长 %1 字节；至少须为 %2 字节（与 SHA-256 哈希等长）。</translation>
    </message>
    <message>
        <source>The key is not a PEM public key (-----BEGIN PUBLIC KEY-----, as &apos;openssl pkey -pubout&apos; writes it).</source>
        <translation>该密钥不是 PEM 公钥（-----BEGIN PUBLIC KEY-----，即“openssl pkey -pubout”写出的格式）。</translation>
    </message>
    <message>
        <source>The RSA key has %1 bits; RS256 needs at least %2.</source>
        <translation>该 RSA 密钥为 %1 位；RS256 至少需要 %2 位。</translation>
    </message>
    <message>
        <source>The public key is neither RSA (for RS256) nor EC on the P-256 curve (for ES256).</source>
        <translation>该公钥既不是 RSA（用于 RS256），也不是 P-256 曲线上的 EC 密钥（用于 ES256）。</translation>
    </message>
    <message>
        <source>--jwt-public-key: cannot read %1: %2.</source>
        <translation>--jwt-public-key：无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>--identity jwt needs a key: --jwt-secret-file FILE (HS256) or --jwt-public-key FILE (RS256, ES256).</source>
        <translation>--identity jwt 需要一个密钥：--jwt-secret-file FILE（HS256）或 --jwt-public-key FILE（RS256、ES256）。</translation>
    </message>
</context>
<context>
    <name>wsm::KickDialog</name>
    <message>
        <source>Kick Client</source>
        <translation>踢出客户端</translation>
    </message>
    <message>
        <source>Kick Clients</source>
        <translation>踢出多个客户端</translation>
    </message>
    <message>
        <source>Kick %1?</source>
        <translation>踢出 %1？</translation>
    </message>
    <message numerus="yes">
        <source>Kick %n clients?</source>
        <translation>
            <numerusform>踢出 %n 个客户端？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>以及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>The close code the client sees. Allowed: 4000 to 4999, the codes for applications.</source>
        <translation>客户端收到的关闭码。允许范围：4000 至 4999（应用程序专用）。</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>The reason the client sees, at most %1 bytes of UTF-8.</source>
        <translation>客户端收到的原因，UTF-8 编码下最多 %1 字节。</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Also ban its address for</source>
        <translation>同时封禁其地址，时长</translation>
    </message>
    <message>
        <source>Also ban their addresses for</source>
        <translation>同时封禁这些地址，时长</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Kick</source>
        <translation>踢出</translation>
    </message>
    <message>
        <source>The reason must fit in %1 bytes of UTF-8; shorten it.</source>
        <translation>原因不能超过 %1 字节（UTF-8），请缩短。</translation>
    </message>
    <message>
        <source>Also connected from the same address; the ban refuses them too once they reconnect:</source>
        <translation>以下客户端也从同一地址连接；它们重新连接时同样会被封禁拒绝：</translation>
    </message>
    <message>
        <source>On the nodes: %1</source>
        <translation>涉及的节点：%1</translation>
    </message>
    <message>
        <source>Kick Identity</source>
        <translation>踢出身份</translation>
    </message>
    <message numerus="yes">
        <source>Kick all connections of %1 (%n)?</source>
        <comment>identity (how many)</comment>
        <translation>
            <numerusform>踢出 %1 的所有连接（%n 个）？</numerusform>
        </translation>
    </message>
    <message>
        <source>Also ban identity %1 for</source>
        <translation>同时封禁身份 %1，时长</translation>
    </message>
</context>
<context>
    <name>wsm::MainWindow</name>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the server: every client is closed with code 1001</source>
        <translation>停止服务器：所有客户端以关闭码 1001 关闭</translation>
    </message>
    <message>
        <source>&amp;Kick selected…</source>
        <translation>踢出所选(&amp;K)…</translation>
    </message>
    <message>
        <source>Close the connections of the selected clients</source>
        <translation>关闭所选客户端的连接</translation>
    </message>
    <message>
        <source>Kick</source>
        <translation>踢出</translation>
    </message>
    <message>
        <source>Kick and &amp;ban…</source>
        <translation>踢出并封禁(&amp;B)…</translation>
    </message>
    <message>
        <source>Close the connections of the selected clients and refuse their addresses</source>
        <translation>关闭所选客户端的连接并拒绝其地址</translation>
    </message>
    <message>
        <source>Kick &amp;all…</source>
        <translation>全部踢出(&amp;A)…</translation>
    </message>
    <message>
        <source>Close the connection of every client</source>
        <translation>关闭所有客户端的连接</translation>
    </message>
    <message>
        <source>Kick all</source>
        <translation>全部踢出</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>查看详情(&amp;I)</translation>
    </message>
    <message>
        <source>Show the details and recent messages of the current client</source>
        <translation>显示当前客户端的详细信息和最近消息</translation>
    </message>
    <message>
        <source>B&amp;ans…</source>
        <translation>封禁列表(&amp;A)…</translation>
    </message>
    <message>
        <source>Show, add and lift bans</source>
        <translation>查看、添加和解除封禁</translation>
    </message>
    <message>
        <source>Connection &amp;log…</source>
        <translation>连接日志(&amp;L)…</translation>
    </message>
    <message>
        <source>Export the connection log to a CSV file</source>
        <translation>将连接日志导出为 CSV 文件</translation>
    </message>
    <message>
        <source>Connections &amp;table…</source>
        <translation>连接表(&amp;T)…</translation>
    </message>
    <message>
        <source>Export the connections table to a CSV file</source>
        <translation>将连接表导出为 CSV 文件</translation>
    </message>
    <message>
        <source>&amp;Clear log</source>
        <translation>清空日志(&amp;C)</translation>
    </message>
    <message>
        <source>Remove every event from the connection log shown here</source>
        <translation>清除此处显示的连接日志中的所有事件</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Freeze the table and the charts; the server keeps running</source>
        <translation>冻结表格和图表；服务器继续运行</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Change the server and console settings</source>
        <translation>更改服务器和控制台设置</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window and stop the server</source>
        <translation>关闭窗口并停止服务器</translation>
    </message>
    <message>
        <source>&amp;About wsmonitor</source>
        <translation>关于 wsmonitor(&amp;A)</translation>
    </message>
    <message>
        <source>Show the version of wsmonitor</source>
        <translation>显示 wsmonitor 的版本</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>客户端(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the connection log or the connections table to a CSV file</source>
        <translation>将连接日志或连接表导出为 CSV 文件</translation>
    </message>
    <message>
        <source>Filter clients</source>
        <translation>筛选客户端</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>客户端详情</translation>
    </message>
    <message>
        <source>wsmonitor – %1</source>
        <translation>wsmonitor – %1</translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation>服务器未能启动：%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln 个客户端</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s), %1 shown</source>
        <translation>
            <numerusform>%Ln 个客户端，显示 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>查看详情</translation>
    </message>
    <message>
        <source>Send message…</source>
        <translation>发送消息…</translation>
    </message>
    <message>
        <source>Kick…</source>
        <translation>踢出…</translation>
    </message>
    <message>
        <source>Kick and ban…</source>
        <translation>踢出并封禁…</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>About wsmonitor</source>
        <translation>关于 wsmonitor</translation>
    </message>
    <message>
        <source>&lt;h3&gt;wsmonitor %1&lt;/h3&gt;&lt;p&gt;A WebSocket server with a console: live clients, heartbeats, rates, kicks, bans and a connection log.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;wsmonitor %1&lt;/h3&gt;&lt;p&gt;带控制台的 WebSocket 服务器：实时客户端、心跳、速率、踢出、封禁和连接日志。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Export the connection log</source>
        <translation>导出连接日志</translation>
    </message>
    <message>
        <source>Export the connections table</source>
        <translation>导出连接表</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>已有导出正在进行。</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <source>Export cancelled; %1 was not written.</source>
        <translation>导出已取消；未写入 %1。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Stop the Server?</source>
        <translation>停止服务器？</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Quit wsmonitor?</source>
        <translation>退出 wsmonitor？</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Send to client #%1</source>
        <translation>发送到客户端 #%1</translation>
    </message>
    <message>
        <source>Settings saved. %1 will apply at the next start.</source>
        <translation>设置已保存。%1将在下次启动时生效。</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <comment>client on node</comment>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>Send to client #%1 on %2</source>
        <translation>发送到 %2 上的客户端 #%1</translation>
    </message>
    <message>
        <source>&amp;Connect to Node…</source>
        <translation>连接到节点(&amp;C)…</translation>
    </message>
    <message>
        <source>Watch a wsmonitor node elsewhere through its admin channel</source>
        <translation>通过管理通道监视其他位置的 wsmonitor 节点</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>Stop watching the node selected in the Nodes pane</source>
        <translation>停止监视在“节点”面板中选中的节点</translation>
    </message>
    <message>
        <source>Show the clients of every node or of one</source>
        <translation>显示所有节点或某一个节点的客户端</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation>所有节点</translation>
    </message>
    <message>
        <source>Connecting to node %1…</source>
        <translation>正在连接到节点 %1…</translation>
    </message>
    <message>
        <source>Disconnected from node %1.</source>
        <translation>已断开与节点 %1 的连接。</translation>
    </message>
    <message>
        <source>This build cannot connect to remote nodes.</source>
        <translation>此版本无法连接到远程节点。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an admin URL: it takes ws:// or wss://, a host and a port.</source>
        <translation>“%1”不是管理 URL：需要 ws:// 或 wss://、主机和端口。</translation>
    </message>
    <message>
        <source>Could not connect to %1.</source>
        <translation>无法连接到 %1。</translation>
    </message>
    <message>
        <source>Node %1 is connected already.</source>
        <translation>节点 %1 已经连接。</translation>
    </message>
    <message>
        <source>The console keeps no token for %1: type it or choose its file.</source>
        <translation>控制台没有保存 %1 的令牌：请输入令牌或选择其文件。</translation>
    </message>
    <message>
        <source>The token of %1 could not be kept in the desktop&apos;s secret store (%2). The console will ask for it at the next start.</source>
        <translation>%1 的令牌无法保存到桌面的密钥存储中（%2）。下次启动时控制台将再次询问。</translation>
    </message>
    <message>
        <source>The token of %1 could not be read from the desktop&apos;s secret store (%2). Type it again or choose its file.</source>
        <translation>无法从桌面的密钥存储中读取 %1 的令牌（%2）。请重新输入或选择其文件。</translation>
    </message>
    <message>
        <source>no token kept</source>
        <translation>未保存令牌</translation>
    </message>
    <message numerus="yes">
        <source>Lost the link to %n node(s) since %2: %1. Their clients are shown greyed, as last reported.</source>
        <translation>
            <numerusform>自 %2 起与 %n 个节点失去连接：%1。其客户端以灰色显示，为最后一次报告的状态。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to node %1.</source>
        <translation>已连接到节点 %1。</translation>
    </message>
    <message>
        <source>&amp;Attach to Node…</source>
        <translation>连接到此节点(&amp;A)…</translation>
    </message>
    <message>
        <source>Node %1 has no admin channel: the console cannot attach to it.</source>
        <translation>节点 %1 没有管理通道：控制台无法连接到它。</translation>
    </message>
    <message>
        <source>%1 is in the cluster of %2. The console sends the token to the admin URL below only: check both before you connect.</source>
        <translation>%1 与 %2 在同一集群中。控制台只会把令牌发送到下面的管理 URL：连接前请核对两者。</translation>
    </message>
    <message>
        <source>Kick all connections of %1…</source>
        <translation>踢出 %1 的所有连接…</translation>
    </message>
    <message>
        <source>Ban identity %1…</source>
        <translation>封禁身份 %1…</translation>
    </message>
    <message>
        <source>Show only the clients whose address, path, origin, user agent or identity contains this text</source>
        <translation>只显示地址、路径、来源、用户代理或身份中包含此文本的客户端</translation>
    </message>
    <message>
        <source>Flapping only</source>
        <translation>仅频繁重连</translation>
    </message>
    <message>
        <source>Show only the clients that reconnect more often than --flapping-threshold a minute</source>
        <translation>只显示每分钟重连次数超过 --flapping-threshold 的客户端</translation>
    </message>
</context>
<context>
    <name>wsm::MessageHistoryModel</name>
    <message>
        <source>in</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>out</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>From the client to the server.</source>
        <translation>从客户端到服务器。</translation>
    </message>
    <message>
        <source>From the server to the client.</source>
        <translation>从服务器到客户端。</translation>
    </message>
    <message>
        <source>%1

Only the start of this message was kept: it has %2 bytes.</source>
        <translation>%1

仅保留了该消息的开头部分：完整消息共 %2 字节。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>wsm::NodesModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>The node&apos;s name.</source>
        <translation>节点的名称。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Where the embedded server listens, or the admin URL a remote node is reached at.</source>
        <translation>内置服务器的监听地址，或访问远程节点所用的管理 URL。</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Whether the console can reach the node now.</source>
        <translation>控制台当前能否访问该节点。</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Clients connected to the node.</source>
        <translation>连接到该节点的客户端。</translation>
    </message>
    <message>
        <source>Rate in</source>
        <translation>接收速率</translation>
    </message>
    <message>
        <source>Messages the node received per second, over the last second.</source>
        <translation>节点在最近一秒内每秒接收的消息数。</translation>
    </message>
    <message>
        <source>Rate out</source>
        <translation>发送速率</translation>
    </message>
    <message>
        <source>Messages the node sent per second, over the last second.</source>
        <translation>节点在最近一秒内每秒发送的消息数。</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>How long the node&apos;s server has been listening.</source>
        <translation>节点的服务器已监听的时长。</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>The wsmonitor version the node runs.</source>
        <translation>节点运行的 wsmonitor 版本。</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Unreachable since %1</source>
        <translation>自 %1 起无法访问</translation>
    </message>
    <message>
        <source>%1/s</source>
        <comment>messages per second</comment>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>The node&apos;s link to its cluster&apos;s Redis; empty for a node outside a cluster.</source>
        <translation>节点与其集群 Redis 的链路；不在集群中的节点为空。</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis：%1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>上次错误：%1</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Down since %1</source>
        <translation>自 %1 起断开</translation>
    </message>
    <message>
        <source>In the cluster, not attached: its figures are those of its registry entry, written at %1.</source>
        <translation>在集群中，未连接：其数据来自它在注册表中的条目，写入于 %1。</translation>
    </message>
    <message>
        <source>Public URL: %1</source>
        <translation>公共 URL：%1</translation>
    </message>
    <message>
        <source>It has no admin channel: the console cannot attach to it.</source>
        <translation>它没有管理通道：控制台无法连接到它。</translation>
    </message>
    <message>
        <source>Double-click to attach to it.</source>
        <translation>双击以连接到它。</translation>
    </message>
    <message>
        <source>In the cluster, not attached</source>
        <translation>在集群中，未连接</translation>
    </message>
</context>
<context>
    <name>wsm::ProcessStats</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Raising the open file limit is not supported here.</source>
        <translation>此平台不支持提高打开文件数上限。</translation>
    </message>
</context>
<context>
    <name>wsm::RedisConnection</name>
    <message>
        <source>no address</source>
        <translation>没有地址</translation>
    </message>
    <message>
        <source>Cannot find the Redis host %1: %2.</source>
        <translation>找不到 Redis 主机 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot connect to Redis at %1: out of memory.</source>
        <translation>无法连接 %1 上的 Redis：内存不足。</translation>
    </message>
    <message>
        <source>Cannot connect to Redis at %1: %2.</source>
        <translation>无法连接 %1 上的 Redis：%2。</translation>
    </message>
    <message>
        <source>Redis refused the password: %1</source>
        <translation>Redis 拒绝了该密码：%1</translation>
    </message>
    <message>
        <source>Redis at %1 refused database %2: %3</source>
        <translation>%1 上的 Redis 拒绝了数据库 %2：%3</translation>
    </message>
    <message>
        <source>Redis at %1 refused the connection: %2</source>
        <translation>%1 上的 Redis 拒绝了连接：%2</translation>
    </message>
    <message>
        <source>Redis at %1 timed out: no answer within %2.</source>
        <translation>%1 上的 Redis 超时：%2 内没有应答。</translation>
    </message>
    <message>
        <source>looking up the host</source>
        <translation>正在解析主机名</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <source>Connecting to Redis at %1 timed out after %2 (%3).</source>
        <translation>连接 %1 上的 Redis 在 %2 后超时（%3）。</translation>
    </message>
    <message>
        <source>Redis at %1 sent a reply nothing asked for.</source>
        <translation>%1 上的 Redis 发来了一个没有请求过的应答。</translation>
    </message>
    <message>
        <source>Redis at %1 closed the connection.</source>
        <translation>%1 上的 Redis 关闭了连接。</translation>
    </message>
    <message>
        <source>Redis at %1 sent something that is not the Redis protocol: %2.</source>
        <translation>%1 上的 Redis 发来的内容不符合 Redis 协议：%2。</translation>
    </message>
    <message>
        <source>Redis at %1 dropped the connection: %2</source>
        <translation>%1 上的 Redis 断开了连接：%2</translation>
    </message>
    <message>
        <source>The connection to Redis at %1 failed: %2.</source>
        <translation>与 %1 上的 Redis 的连接出错：%2。</translation>
    </message>
</context>
<context>
    <name>wsm::RemoteNode</name>
    <message>
        <source>node unreachable</source>
        <translation>无法连接节点</translation>
    </message>
    <message>
        <source>node unreachable: %1</source>
        <translation>无法连接节点：%1</translation>
    </message>
    <message>
        <source>%1 runs on its own: it is started where it runs, not from this console.</source>
        <translation>%1 独立运行：只能在其所在机器上启动，不能从此控制台启动。</translation>
    </message>
    <message>
        <source>%1 runs on its own: it is stopped where it runs, not from this console.</source>
        <translation>%1 独立运行：只能在其所在机器上停止，不能从此控制台停止。</translation>
    </message>
    <message>
        <source>%1 runs an older wsmonitor that cannot reach the clients of node %2.</source>
        <translation>%1 运行的是较旧的 wsmonitor，无法访问节点 %2 的客户端。</translation>
    </message>
</context>
<context>
    <name>wsm::SecretFile</name>
    <message>
        <source>Cannot read the secret file %1: %2.</source>
        <translation>无法读取密钥文件 %1：%2。</translation>
    </message>
    <message>
        <source>The secret file %1 is over %2 bytes: not a secret.</source>
        <translation>密钥文件 %1 超过 %2 字节：这不是密钥。</translation>
    </message>
    <message>
        <source>The secret file %1 is empty.</source>
        <translation>密钥文件 %1 为空。</translation>
    </message>
</context>
<context>
    <name>wsm::SendBar</name>
    <message>
        <source>Message to send</source>
        <translation>要发送的消息</translation>
    </message>
    <message>
        <source>to every client</source>
        <translation>发给所有客户端</translation>
    </message>
    <message>
        <source>to the selected clients</source>
        <translation>发给选中的客户端</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send this text to every connected client, or to the selected ones</source>
        <translation>将此文本发送给所有已连接的客户端，或发送给选中的客户端</translation>
    </message>
    <message>
        <source>Compose…</source>
        <translation>编写…</translation>
    </message>
    <message>
        <source>Type a message first; nothing was sent.</source>
        <translation>请先输入消息；未发送任何内容。</translation>
    </message>
    <message>
        <source>Select the clients to send to first; nothing was sent.</source>
        <translation>请先选择要发送的客户端；未发送任何内容。</translation>
    </message>
    <message>
        <source>The message is %1 bytes; the server&apos;s largest message is %2 bytes. Nothing was sent.</source>
        <translation>消息为 %1 字节；服务器允许的最大消息为 %2 字节。未发送任何内容。</translation>
    </message>
    <message>
        <source>Write a longer message: several lines, JSON that is checked before it is sent, or bytes in hex sent as a binary message</source>
        <translation>编写较长的消息：多行文本、发送前经过检查的 JSON，或以十六进制书写、作为二进制消息发送的字节</translation>
    </message>
</context>
<context>
    <name>wsm::ServerConfig</name>
    <message>
        <source>Most clients connected at once; more are refused (503).</source>
        <translation>同时连接的客户端上限；超出的连接将被拒绝（503）。</translation>
    </message>
    <message>
        <source>connections</source>
        <translation>个连接</translation>
    </message>
    <message>
        <source>Largest message a client may send; larger ones close it (1009).</source>
        <translation>客户端可发送的最大消息；超出则关闭该客户端（1009）。</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Messages per second one client may send; more close it (1008).</source>
        <translation>单个客户端每秒可发送的消息数；超出则关闭该客户端（1008）。</translation>
    </message>
    <message>
        <source>messages per second</source>
        <translation>消息/秒</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>Unsent bytes a client may fall behind by before it is closed as a slow consumer (1008).</source>
        <translation>客户端未发送数据的积压上限，超出即作为慢速消费者关闭（1008）。</translation>
    </message>
    <message>
        <source>Time between pings to a quiet client.</source>
        <translation>向静默客户端发送 ping 的间隔。</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>no heartbeat</source>
        <translation>关闭心跳</translation>
    </message>
    <message>
        <source>Silence after which a client is dropped as dead; must exceed the interval.</source>
        <translation>客户端静默超过此时间即视为失联并断开；必须大于心跳间隔。</translation>
    </message>
    <message>
        <source>Time a new TCP connection has to complete the WebSocket upgrade.</source>
        <translation>新 TCP 连接完成 WebSocket 升级的时限。</translation>
    </message>
    <message>
        <source>On stop, time clients get to close before they are aborted.</source>
        <translation>停止时，客户端在被强制断开前可用于关闭连接的时间。</translation>
    </message>
    <message>
        <source>Connection events kept in memory.</source>
        <translation>内存中保留的连接事件数。</translation>
    </message>
    <message>
        <source>events</source>
        <translation>条事件</translation>
    </message>
    <message>
        <source>Last messages kept per client for the inspector, each shortened for display.</source>
        <translation>每个客户端保留的最近消息数，供客户端详情查看，每条截短显示。</translation>
    </message>
    <message>
        <source>messages</source>
        <translation>条消息</translation>
    </message>
    <message>
        <source>none kept</source>
        <translation>不保留</translation>
    </message>
    <message>
        <source>--%1 must be a whole number between %2 and %3 %4%5; got %6.</source>
        <translation>--%1 必须是整数，范围 %2 到 %3 %4%5；实际为 %6。</translation>
    </message>
    <message>
        <source>--%1 must be a number between %2 and %3 %4%5; got %6.</source>
        <translation>--%1 必须是数字，范围 %2 到 %3 %4%5；实际为 %6。</translation>
    </message>
    <message>
        <source>--%1 must be between %2 and %3 %4%5; got %6.</source>
        <translation>--%1 必须在 %2 到 %3 %4%5 之间；实际为 %6。</translation>
    </message>
    <message>
        <source> (0: %1)</source>
        <translation> (0：%1)</translation>
    </message>
    <message>
        <source>--path must start with &apos;/&apos;; got &apos;%1&apos;.</source>
        <translation>--path 必须以 &apos;/&apos; 开头；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--path must not contain &apos;?&apos;, &apos;#&apos;, spaces or control characters; got &apos;%1&apos;.</source>
        <translation>--path 不能包含 &apos;?&apos;、&apos;#&apos;、空格或控制字符；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>--heartbeat-timeout (%1 seconds) must be greater than --heartbeat-interval (%2 seconds) while heartbeats are on (--heartbeat-interval 0 turns them off).</source>
        <translation>启用心跳时，--heartbeat-timeout（%1 秒）必须大于 --heartbeat-interval（%2 秒）（--heartbeat-interval 设为 0 可关闭心跳）。</translation>
    </message>
    <message>
        <source>--allowed-origin must not be empty.</source>
        <translation>--allowed-origin 不能为空。</translation>
    </message>
    <message>
        <source>--token must not contain spaces or control characters.</source>
        <translation>--token 不能包含空格或控制字符。</translation>
    </message>
    <message>
        <source>The snapshot interval must be between 50 and 10000 ms; got %1.</source>
        <translation>快照间隔必须在 50 到 10000 ms 之间；实际为 %1。</translation>
    </message>
    <message>
        <source>The close grace period must be between 0 and 60000 ms; got %1.</source>
        <translation>关闭宽限期必须在 0 到 60000 ms 之间；实际为 %1。</translation>
    </message>
    <message>
        <source>--tls-cert needs --tls-key: the private key of the certificate.</source>
        <translation>--tls-cert 需要同时指定 --tls-key：该证书的私钥。</translation>
    </message>
    <message>
        <source>--tls-key needs --tls-cert: the certificate of the key.</source>
        <translation>--tls-key 需要同时指定 --tls-cert：该私钥对应的证书。</translation>
    </message>
    <message>
        <source>Bytes of unfinished messages held for all clients together; past it the clients holding the most are closed (1009).</source>
        <translation>为所有客户端合计保存的未完成消息字节数；超过时，占用最多的客户端会被关闭（1009）。</translation>
    </message>
    <message>
        <source>Unsent bytes queued for all clients together; past it the slowest consumers are closed (1008).</source>
        <translation>为所有客户端合计排队的未发送字节数；超过时，最慢的接收方会被关闭（1008）。</translation>
    </message>
    <message>
        <source>Bytes per second a client must keep sending once it has begun a message, judged over 10 seconds; slower closes it (1008).</source>
        <translation>客户端开始发送一条消息后必须保持的每秒字节数，按 10 秒计算；更慢则会被关闭（1008）。</translation>
    </message>
    <message>
        <source>bytes per second</source>
        <translation>字节/秒</translation>
    </message>
    <message>
        <source>no minimum</source>
        <translation>不设下限</translation>
    </message>
    <message>
        <source>--token and --token-file are two ways to give one token: give one.</source>
        <translation>--token 和 --token-file 是提供同一个令牌的两种方式：请只给出其中一个。</translation>
    </message>
    <message>
        <source>The receive rate window must be between 100 and 600000 ms; got %1.</source>
        <translation>接收速率窗口必须在 100 到 600000 毫秒之间；实际为 %1。</translation>
    </message>
    <message>
        <source>Connections a minute from one identity (or one address and user agent) past which it is marked flapping.</source>
        <translation>同一身份（或同一地址和用户代理）每分钟的连接次数，超过此值即标记为频繁重连。</translation>
    </message>
    <message>
        <source>connections per minute</source>
        <translation>次连接/分钟</translation>
    </message>
    <message>
        <source>not tracked</source>
        <translation>不跟踪</translation>
    </message>
    <message>
        <source>Time an event stream&apos;s browser waits before it reconnects (the retry: field sent at connect).</source>
        <translation>事件流的浏览器在重新连接前等待的时间（连接时发送的 retry: 字段）。</translation>
    </message>
    <message>
        <source>Events sent to all kept for event streams that reconnect with Last-Event-ID (at most 16 MiB of them).</source>
        <translation>为携带 Last-Event-ID 重新连接的事件流保留的群发事件（最多 16 MiB）。</translation>
    </message>
    <message>
        <source>--sse-path must start with &apos;/&apos; and must not contain &apos;?&apos;, &apos;#&apos;, spaces or control characters (empty turns it off); got &apos;%1&apos;.</source>
        <translation>--sse-path 必须以“/”开头，且不能包含“?”、“#”、空格或控制字符（留空则关闭）；实际为“%1”。</translation>
    </message>
    <message>
        <source>--sse-path must differ from --path, /metrics and /healthz; got &apos;%1&apos;.</source>
        <translation>--sse-path 必须不同于 --path、/metrics 和 /healthz；实际为“%1”。</translation>
    </message>
    <message>
        <source>--identity jwt needs exactly one key: --jwt-secret-file FILE (HS256) or --jwt-public-key FILE (RS256, ES256).</source>
        <translation>--identity jwt 需要且仅需要一个密钥：--jwt-secret-file FILE（HS256）或 --jwt-public-key FILE（RS256、ES256）。</translation>
    </message>
    <message>
        <source>--jwt-secret-file, --jwt-public-key, --jwt-issuer and --jwt-audience need --identity jwt.</source>
        <translation>--jwt-secret-file、--jwt-public-key、--jwt-issuer 和 --jwt-audience 需要 --identity jwt。</translation>
    </message>
    <message>
        <source>--identity jwt and --token (or --token-file) both read the Authorization header: give one (a valid JWT already lets a client in).</source>
        <translation>--identity jwt 与 --token（或 --token-file）都读取 Authorization 请求头：只能给出其一（有效的 JWT 本身就能让客户端连入）。</translation>
    </message>
    <message>
        <source>--identity query:NAME and header:NAME need a NAME of letters, digits and -_.~ (1 to 100 characters); got &apos;%1&apos;.</source>
        <translation>--identity query:NAME 和 header:NAME 需要由字母、数字和 -_.~ 组成的 NAME（1 到 100 个字符）；实际为“%1”。</translation>
    </message>
    <message>
        <source>--jwt-issuer and --jwt-audience must not contain spaces or control characters.</source>
        <translation>--jwt-issuer 和 --jwt-audience 不能包含空格或控制字符。</translation>
    </message>
    <message>
        <source>The identity clock skew must be between 0 and 600000 ms; got %1.</source>
        <translation>身份时钟偏差必须在 0 到 600000 毫秒之间；实际为 %1。</translation>
    </message>
</context>
<context>
    <name>wsm::SettingsDialog</name>
    <message>
        <source>Most clients at once:</source>
        <translation>最大客户端数：</translation>
    </message>
    <message>
        <source>Largest message:</source>
        <translation>最大消息：</translation>
    </message>
    <message>
        <source>Rate limit per client:</source>
        <translation>每客户端速率限制：</translation>
    </message>
    <message>
        <source>Send queue per client:</source>
        <translation>每客户端发送队列：</translation>
    </message>
    <message>
        <source>Ping interval:</source>
        <translation>心跳间隔：</translation>
    </message>
    <message>
        <source>Heartbeat timeout:</source>
        <translation>心跳超时：</translation>
    </message>
    <message>
        <source>Handshake timeout:</source>
        <translation>握手超时：</translation>
    </message>
    <message>
        <source>Drain time on stop:</source>
        <translation>停止时排空时间：</translation>
    </message>
    <message>
        <source>Connection events kept:</source>
        <translation>保留连接事件数：</translation>
    </message>
    <message>
        <source>Messages kept per client:</source>
        <translation>每客户端保留消息数：</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>The address to accept clients on: 127.0.0.1 for this machine only, 0.0.0.0 for every IPv4 interface, :: for every interface, or localhost.</source>
        <translation>接受客户端连接的地址：127.0.0.1 仅限本机，0.0.0.0 为所有 IPv4 接口，:: 为所有接口，或 localhost。</translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation>监听地址：</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>The TCP port to listen on. Allowed: 0 to 65535; 0 picks any free port.</source>
        <translation>监听的 TCP 端口。允许：0 到 65535；0 表示自动选择空闲端口。</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>The WebSocket endpoint clients connect to; it starts with &apos;/&apos;.</source>
        <translation>客户端连接的 WebSocket 端点，以 &apos;/&apos; 开头。</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <source>Echo: each message goes back to its sender</source>
        <translation>回显：每条消息发回其发送方</translation>
    </message>
    <message>
        <source>Broadcast: each message goes to every other client</source>
        <translation>广播：每条消息发给其他所有客户端</translation>
    </message>
    <message>
        <source>Sink: messages are counted, not answered</source>
        <translation>仅计数：只统计消息，不作回复</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>消息处理：</translation>
    </message>
    <message>
        <source>One origin per line, e.g. https://example.com. Empty: every origin.</source>
        <translation>每行一个来源，例如 https://example.com。留空：接受任何来源。</translation>
    </message>
    <message>
        <source>Clients whose Origin header is not listed are refused (HTTP 403).</source>
        <translation>Origin 头不在列表中的客户端将被拒绝（HTTP 403）。</translation>
    </message>
    <message>
        <source>Allowed origins:</source>
        <translation>允许的来源：</translation>
    </message>
    <message>
        <source>No token needed</source>
        <translation>无需令牌</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>No connection log file</source>
        <translation>不写连接日志文件</translation>
    </message>
    <message>
        <source>Every connection event is appended to this CSV file as it happens.</source>
        <translation>每个连接事件发生时即追加到此 CSV 文件。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Connection log:</source>
        <translation>连接日志：</translation>
    </message>
    <message>
        <source>Allowed: %1 to %2 %3.</source>
        <translation>允许：%1 到 %2 %3。</translation>
    </message>
    <message>
        <source>Allowed: %1 to %2 %3; 0 means %4.</source>
        <translation>允许：%1 到 %2 %3；0 表示%4。</translation>
    </message>
    <message>
        <source>Command line: --%1</source>
        <translation>命令行：--%1</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>all at once</source>
        <translation>一次全部</translation>
    </message>
    <message>
        <source>Kicking many clients spreads the closes over this time, so that their reconnects do not arrive all at once.</source>
        <translation>踢出大量客户端时，将关闭操作分散到这段时间内，避免它们同时重连。</translation>
    </message>
    <message>
        <source>Spread kicks over:</source>
        <translation>踢出分散时长：</translation>
    </message>
    <message>
        <source>The close code a kicked client sees. Allowed: 4000 to 4999.</source>
        <translation>被踢出的客户端收到的关闭码。允许：4000 到 4999。</translation>
    </message>
    <message>
        <source>Kick close code:</source>
        <translation>踢出关闭码：</translation>
    </message>
    <message>
        <source>The reason a kicked client sees, at most %1 bytes of UTF-8. Empty: the text shown in grey.</source>
        <translation>被踢出的客户端收到的原因，UTF-8 编码不超过 %1 字节。留空：使用灰色显示的文本。</translation>
    </message>
    <message>
        <source>Kick reason:</source>
        <translation>踢出原因：</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>How long &quot;Kick and ban&quot; bans an address unless you change it. Allowed: 1 to 10080 minutes (a week).</source>
        <translation>“踢出并封禁”默认封禁地址的时长（可在踢出时修改）。允许：1 到 10080 分钟（一周）。</translation>
    </message>
    <message>
        <source>Ban duration:</source>
        <translation>封禁时长：</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>How much recent time the charts show. Allowed: 10 to 3600 seconds.</source>
        <translation>图表显示最近多长时间的数据。允许：10 到 3600 秒。</translation>
    </message>
    <message>
        <source>Chart time span:</source>
        <translation>图表时间跨度：</translation>
    </message>
    <message>
        <source>Connection Log File</source>
        <translation>连接日志文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The listen address must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or localhost; got &apos;%1&apos;.</source>
        <translation>监听地址必须是 IP 地址（如 127.0.0.1、0.0.0.0 或 ::1）或 localhost；实际为 &apos;%1&apos;。</translation>
    </message>
    <message>
        <source>The kick reason must fit in %1 bytes of UTF-8; shorten it.</source>
        <translation>踢出原因的 UTF-8 编码不能超过 %1 字节；请缩短。</translation>
    </message>
    <message>
        <source>None: plain ws://</source>
        <translation>无：明文 ws://</translation>
    </message>
    <message>
        <source>Serve wss:// (TLS) with this certificate (PEM, optionally followed by its chain). Needs the key below.
Command line: --tls-cert</source>
        <translation>使用此证书（PEM 格式，其后可附证书链）提供 wss://（TLS）服务。需要同时填写下面的私钥。
命令行：--tls-cert</translation>
    </message>
    <message>
        <source>TLS certificate:</source>
        <translation>TLS 证书：</translation>
    </message>
    <message>
        <source>TLS Certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>The certificate&apos;s unencrypted private key (RSA or EC, PEM).
Command line: --tls-key</source>
        <translation>该证书的未加密私钥（RSA 或 EC，PEM 格式）。
命令行：--tls-key</translation>
    </message>
    <message>
        <source>TLS private key:</source>
        <translation>TLS 私钥：</translation>
    </message>
    <message>
        <source>TLS Private Key</source>
        <translation>TLS 私钥</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Ask before Stop, Quit or closing the window drops connected clients</source>
        <translation>停止、退出或关闭窗口将断开已连接的客户端时先询问</translation>
    </message>
    <message>
        <source>Port must be between 0 and 65535; got %1.</source>
        <translation>端口必须在 0 到 65535 之间；当前为 %1。</translation>
    </message>
    <message>
        <source>The server is running: %1 will apply at the next start.</source>
        <translation>服务器正在运行：%1将在下次启动时生效。</translation>
    </message>
    <message>
        <source>Unfinished messages, all clients:</source>
        <translation>未完成消息（所有客户端）：</translation>
    </message>
    <message>
        <source>Send queues, all clients:</source>
        <translation>发送队列（所有客户端）：</translation>
    </message>
    <message>
        <source>Least pace of a message:</source>
        <translation>消息最低速率：</translation>
    </message>
    <message>
        <source>Token file:</source>
        <translation>令牌文件：</translation>
    </message>
    <message>
        <source>Clients must send &quot;Authorization: Bearer TOKEN&quot; or connect to PATH?token=TOKEN.
Typed here it holds for this run only: a token is never saved in plain text. For one that lasts, use a token file.</source>
        <translation>客户端必须发送 &quot;Authorization: Bearer TOKEN&quot;，或连接到 PATH?token=TOKEN。
在此输入的令牌只在本次运行中有效：令牌从不以明文保存。需要长期有效的令牌，请使用令牌文件。</translation>
    </message>
    <message>
        <source>No token file</source>
        <translation>无令牌文件</translation>
    </message>
    <message>
        <source>Clients must present the token this file holds (read at each start; a final newline is not part of it).
Command line: --token-file</source>
        <translation>客户端必须出示此文件中的令牌（每次启动时读取；末尾的换行符不算令牌的一部分）。
命令行：--token-file</translation>
    </message>
    <message>
        <source>Token File</source>
        <translation>令牌文件</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Event stream reconnect wait:</source>
        <translation>事件流重连等待：</translation>
    </message>
    <message>
        <source>Events kept for replay:</source>
        <translation>保留用于重放的事件：</translation>
    </message>
    <message>
        <source>Event stream path:</source>
        <translation>事件流路径：</translation>
    </message>
    <message>
        <source>Identify clients by:</source>
        <translation>识别客户端的方式：</translation>
    </message>
    <message>
        <source>Parameter or header name:</source>
        <translation>参数名或请求头名：</translation>
    </message>
    <message>
        <source>JWT secret file:</source>
        <translation>JWT 密钥文件：</translation>
    </message>
    <message>
        <source>JWT public key:</source>
        <translation>JWT 公钥：</translation>
    </message>
    <message>
        <source>JWT issuer:</source>
        <translation>JWT 签发者：</translation>
    </message>
    <message>
        <source>JWT audience:</source>
        <translation>JWT 受众：</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The Server-Sent Events endpoint on the same port: a browser&apos;s EventSource reads the event stream there. It starts with &apos;/&apos;; empty turns it off.</source>
        <translation>同一端口上的 Server-Sent Events 端点：浏览器的 EventSource 在此读取事件流。以“/”开头；留空则关闭。</translation>
    </message>
    <message>
        <source>None: clients are known by address</source>
        <translation>无：按地址识别客户端</translation>
    </message>
    <message>
        <source>JSON Web Token, verified</source>
        <translation>JSON Web Token，经过验证</translation>
    </message>
    <message>
        <source>Query parameter, unverified (development)</source>
        <translation>查询参数，未经验证（开发用）</translation>
    </message>
    <message>
        <source>Request header, unverified (development)</source>
        <translation>请求头，未经验证（开发用）</translation>
    </message>
    <message>
        <source>How the server learns who each client is: the sub of a verified token, or a name the client gives itself.
Command line: --identity</source>
        <translation>服务器如何得知每个客户端是谁：经过验证的令牌中的 sub，或客户端自报的名称。
命令行：--identity</translation>
    </message>
    <message>
        <source>e.g. user or X-User</source>
        <translation>例如 user 或 X-User</translation>
    </message>
    <message>
        <source>The query parameter or request header that holds the client&apos;s name.
Command line: --identity query:NAME or header:NAME</source>
        <translation>存放客户端名称的查询参数或请求头。
命令行：--identity query:NAME 或 header:NAME</translation>
    </message>
    <message>
        <source>HS256: the shared secret&apos;s file</source>
        <translation>HS256：共享密钥所在的文件</translation>
    </message>
    <message>
        <source>Tokens are HS256, signed with the secret this file holds (at least 32 bytes). Give this or a public key, not both.
Command line: --jwt-secret-file</source>
        <translation>令牌为 HS256，用此文件中保存的密钥签名（至少 32 字节）。给出此项或公钥，不能两者都给。
命令行：--jwt-secret-file</translation>
    </message>
    <message>
        <source>RS256 or ES256: the issuer&apos;s PEM public key</source>
        <translation>RS256 或 ES256：签发者的 PEM 公钥</translation>
    </message>
    <message>
        <source>Tokens are RS256 (an RSA key) or ES256 (a P-256 key), verified with this PEM public key.
Command line: --jwt-public-key</source>
        <translation>令牌为 RS256（RSA 密钥）或 ES256（P-256 密钥），用此 PEM 公钥验证。
命令行：--jwt-public-key</translation>
    </message>
    <message>
        <source>JWT Secret File</source>
        <translation>JWT 密钥文件</translation>
    </message>
    <message>
        <source>JWT Public Key</source>
        <translation>JWT 公钥</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>不检查</translation>
    </message>
    <message>
        <source>A token&apos;s iss must be this.
Command line: --jwt-issuer</source>
        <translation>令牌的 iss 必须为此值。
命令行：--jwt-issuer</translation>
    </message>
    <message>
        <source>A token&apos;s aud (one, or one of a list) must be this.
Command line: --jwt-audience</source>
        <translation>令牌的 aud（单个值，或列表中的一项）必须为此值。
命令行：--jwt-audience</translation>
    </message>
    <message>
        <source>Tokens come in &quot;Authorization: Bearer&quot;, ?access_token= or the subprotocol access_token.&lt;JWT&gt;; exp and nbf are allowed %1 seconds of clock skew, and a connection ends when its token expires.</source>
        <translation>令牌可放在“Authorization: Bearer”、?access_token= 或子协议 access_token.&lt;JWT&gt; 中；exp 和 nbf 允许 %1 秒的时钟偏差，令牌过期时连接随之结束。</translation>
    </message>
</context>
<context>
    <name>wsm::StatusFields</name>
    <message>
        <source>Paused – the server keeps running</source>
        <translation>已暂停，服务器仍在运行</translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln 个客户端</numerusform>
        </translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>运行时间 %1</translation>
    </message>
    <message>
        <source>In %1 msg/s, out %2 msg/s</source>
        <translation>接收 %1 消息/秒，发送 %2 消息/秒</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>wsm::TlsCredentials</name>
    <message>
        <source>the file is larger than 1 MiB</source>
        <translation>文件大于 1 MiB</translation>
    </message>
    <message>
        <source>TLS is not available: Qt found no TLS backend (on Debian, libqt6network6&apos;s OpenSSL plugin needs libssl3). Start without --tls-cert and --tls-key to serve plain ws://.</source>
        <translation>TLS 不可用：Qt 未找到 TLS 后端（在 Debian 上，libqt6network6 的 OpenSSL 插件需要 libssl3）。如需提供明文 ws://，请不带 --tls-cert 和 --tls-key 启动。</translation>
    </message>
    <message>
        <source>Cannot read TLS certificate %1: %2</source>
        <translation>无法读取 TLS 证书 %1：%2</translation>
    </message>
    <message>
        <source>no certificate in PEM or DER format in it</source>
        <translation>其中没有 PEM 或 DER 格式的证书</translation>
    </message>
    <message>
        <source>Cannot read TLS key %1: %2</source>
        <translation>无法读取 TLS 私钥 %1：%2</translation>
    </message>
    <message>
        <source>no unencrypted RSA or EC private key in PEM or DER format in it</source>
        <translation>其中没有 PEM 或 DER 格式的未加密 RSA 或 EC 私钥</translation>
    </message>
    <message>
        <source>Cannot read TLS key %1: it is not the key of the certificate in %2</source>
        <translation>无法读取 TLS 私钥 %1：它不是 %2 中证书的私钥</translation>
    </message>
</context>
<context>
    <name>wsm::TrafficCharts</name>
    <message>
        <source>Paused – the server keeps running</source>
        <translation>已暂停，服务器仍在运行</translation>
    </message>
    <message>
        <source>clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation>消息/秒</translation>
    </message>
    <message>
        <source>in</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>out</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation>字节/秒</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
</context>
<context>
    <name>wsm::WebSocketServer</name>
    <message>
        <source>The server is still stopping.</source>
        <translation>服务器仍在停止中。</translation>
    </message>
    <message>
        <source>The server is already running at %1.</source>
        <translation>服务器已在 %1 上运行。</translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation>无法监听 %1:%2：%3</translation>
    </message>
    <message>
        <source>The server is not running.</source>
        <translation>服务器未在运行。</translation>
    </message>
    <message>
        <source>The server is already stopping.</source>
        <translation>服务器已在停止中。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>A kick&apos;s close code must be between 4000 and 4999; got %1.</source>
        <translation>踢出的关闭码必须在 4000 到 4999 之间，实际为 %1。</translation>
    </message>
    <message>
        <source>A kick&apos;s reason must fit in %1 bytes of UTF-8.</source>
        <translation>踢出原因不能超过 %1 字节（UTF-8）。</translation>
    </message>
    <message>
        <source>No open client with id %1.</source>
        <translation>不存在编号为 %1 的已连接客户端。</translation>
    </message>
    <message numerus="yes">
        <source>Kicking %n client(s) over %1 s.</source>
        <translation>
            <numerusform>正在 %1 秒内分批踢出 %n 个客户端。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kicked %n client(s).</source>
        <translation>
            <numerusform>已踢出 %n 个客户端。</numerusform>
        </translation>
    </message>
    <message>
        <source>There are no clients to kick.</source>
        <translation>没有可踢出的客户端。</translation>
    </message>
    <message>
        <source>Banned %1 for %2 s.</source>
        <translation>已封禁 %1，时长 %2 秒。</translation>
    </message>
    <message>
        <source>Banned %1 until lifted.</source>
        <translation>已封禁 %1，直至解除。</translation>
    </message>
    <message>
        <source>Lifted the ban on %1.</source>
        <translation>已解除对 %1 的封禁。</translation>
    </message>
    <message>
        <source>There is no ban on %1.</source>
        <translation>%1 未被封禁。</translation>
    </message>
    <message>
        <source>There is no open client with id %1.</source>
        <translation>不存在编号为 %1 的已连接客户端。</translation>
    </message>
    <message>
        <source>Sent to client %1.</source>
        <translation>已发送给客户端 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n client(s).</source>
        <translation>
            <numerusform>已发送给 %n 个客户端。</numerusform>
        </translation>
    </message>
    <message>
        <source>The token in %1 must not contain spaces or control characters.</source>
        <translation>%1 中的令牌不得包含空格或控制字符。</translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n client(s) of this node; the cluster link is down, so the other nodes did not get it.</source>
        <translation>
            <numerusform>已发送给本节点的 %n 个客户端；集群链路已断开，其他节点没有收到。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n client(s) of this node, and published to the cluster&apos;s other nodes (%1 listed).</source>
        <translation>
            <numerusform>已发送给本节点的 %n 个客户端，并已发布到集群的其他节点（列出 %1 个）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server stopped before the other node answered.</source>
        <translation>服务器在另一节点答复之前已停止。</translation>
    </message>
    <message>
        <source>The cluster link went down: %1</source>
        <translation>集群链路已断开：%1</translation>
    </message>
    <message>
        <source>The server is not running: node %1 cannot be reached.</source>
        <translation>服务器未运行：无法访问节点 %1。</translation>
    </message>
    <message>
        <source>This node is not in a cluster: there is no node %1 to reach.</source>
        <translation>本节点不在集群中：没有可访问的节点 %1。</translation>
    </message>
</context>
</TS>
