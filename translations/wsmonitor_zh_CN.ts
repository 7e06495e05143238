<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>wsm::BanList</name>
    <message>
        <source>&quot;%1&quot; is not an IP address or CIDR range. Use an address such as 192.0.2.7 or 2001:db8::1, or a range such as 10.0.0.0/8 or 2001:db8::/32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ban on &quot;%1&quot; cannot have a negative duration (%2 ms); use 0 for a ban until it is lifted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::BansDialog</name>
    <message>
        <source>Bans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address or range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lift ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban address or range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>192.0.2.7, 10.0.0.0/8 or 2001:db8::/32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address or range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until lifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional; the refused client is told it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ClientInspector</name>
    <message>
        <source>Select a client and choose Inspect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round trips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text message to this client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close this client&apos;s connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send queue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round trip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed pings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No heartbeat round trip has been measured yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client #%1 has disconnected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in, %2 out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s in, %2/s out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pong yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing received yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 s ago)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::CommandLine</name>
    <message>
        <source>Run &apos;wsmonitor --help&apos; for every option and its range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No display found (DISPLAY and WAYLAND_DISPLAY are empty); running headless.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (0: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, fractions allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--listen takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; port 0-65535; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket server console: live clients, heartbeats, rates, kicks, connection log.
Durations are in seconds; fractions such as 0.5 are allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the server without a window; logs go to stderr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --headless: no log line per connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console: start the server as the window opens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console language, e.g. zh_CN or en; by default the system&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What runs the server thread&apos;s event loop: epoll (Linux; its cost does not grow with idle clients) or qt (Qt&apos;s own). Default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address and port to listen on: 0.0.0.0:9000, [::1]:8080, localhost:8080; port 0 picks a free one. Default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket endpoint path, starting with &apos;/&apos;. Default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do with a message: echo (back to the sender), broadcast (to every other client) or sink (count only). Default %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept only clients whose Origin header is ORIGIN (repeat for more); by default every origin is accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept only clients that present TOKEN; by default none is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Append every connection event to FILE as CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;: wsmonitor takes options only; see --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--mode takes echo, broadcast or sink; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--event-dispatcher takes epoll or qt; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang takes a locale name such as zh_CN or en; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ConnectionEvent</name>
    <message>
        <source>client closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator kick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heartbeat timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message too big</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate limit exceeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slow consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>origin refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>banned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>handshake timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server shutdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ConnectionTableModel</name>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s number for the client, in order of arrival.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client&apos;s address and port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The path and query the client connected to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the client connected (local time), and how long ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the client answers the server&apos;s pings: ok, late or missing; off when the heartbeat is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The round-trip time of the last answered ping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long ago anything at all was received from the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages received from the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent to the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages received per second, over the last second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages sent per second, over the last second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes received from the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes sent to the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes written to the client but not yet taken by the network. A queue that keeps growing means a slow reader.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WebSocket subprotocol agreed in the handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Origin header the client sent in the handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The User-Agent header the client sent in the handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>connected at local time (for how long)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <comment>heartbeat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <comment>heartbeat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>late</source>
        <comment>heartbeat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <comment>heartbeat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <comment>messages per second</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing: the server is waiting for the client to finish the close.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeat: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round trip: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pings unanswered in a row: %L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ConsoleSettings</name>
    <message>
        <source>Kicked by the operator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::CsvExporter</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export to %1 was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::DiagnosticsPanel</name>
    <message>
        <source>Clients connected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients whose connection is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions alive:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions the server holds in memory. Equal to the clients connected unless one leaked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshakes pending:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections accepted that are not yet upgraded or refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted since start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections upgraded to WebSocket since the server started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused since start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections refused before the upgrade since the server started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed since start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgraded connections that have ended since the server started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory in use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resident set size of this process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open file descriptors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every client holds one, as do log files and listening sockets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server event-loop lag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How late the server thread ran its last timer. High values mean it is overloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events dropped:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection events that did not reach the console because too many came at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions alive (%1) and clients connected (%2) differ: a session has leaked or a connection is a zombie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::DisplayText</name>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ErrorBanner</name>
    <message>
        <source>Close this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::EventCsvLog</name>
    <message>
        <source>Cannot write the connection log %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection log is not open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When it happened, in local time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether a client connected, its connection closed, or it was refused before the upgrade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s number for the client; empty when it was refused before it got one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client&apos;s address and port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The path the client asked for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who ended the connection: the client, the operator or the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the connection ended or was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WebSocket close code, or the HTTP status of a refusal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason text of the close, or what the refusal said.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the connection lasted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::EventLogPane</name>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the connections that ended for this reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::KickDialog</name>
    <message>
        <source>Kick Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick Clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Kick %n clients?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The close code the client sees. Allowed: 4000 to 4999, the codes for applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason the client sees, at most %1 bytes of UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also ban its address for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also ban their addresses for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason must fit in %1 bytes of UTF-8; shorten it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::MainWindow</name>
    <message>
        <source>Event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the server: every client is closed with code 1001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kick selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the connections of the selected clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick and &amp;ban…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the connections of the selected clients and refuse their addresses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick &amp;all…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the connection of every client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the details and recent messages of the current client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;ans…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show, add and lift bans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection &amp;log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connection log to a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections &amp;table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connections table to a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove every event from the connection log shown here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the table and the charts; the server keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the server and console settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the window and stop the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About wsmonitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version of wsmonitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connection log or the connections table to a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the clients whose address, path, origin or user agent contains this text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message to every client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Broadcast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this text to every connected client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused – the server keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wsmonitor – %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>In %1 msg/s, out %2 msg/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s), %1 shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Send message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to send to client #%1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick and ban…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved. The server options apply at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About wsmonitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;wsmonitor %1&lt;/h3&gt;&lt;p&gt;A WebSocket server with a console: live clients, heartbeats, rates, kicks, bans and a connection log.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connection log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the connections table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; %1 was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::MessageHistoryModel</name>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the client to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the server to the client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Only the start of this message was kept: it has %2 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ProcessStats</name>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raising the open file limit is not supported here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::ServerConfig</name>
    <message>
        <source>Most clients connected at once; more are refused (503).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest message a client may send; larger ones close it (1009).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages per second one client may send; more close it (1008).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsent bytes a client may fall behind by before it is closed as a slow consumer (1008).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time between pings to a quiet client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence after which a client is dropped as dead; must exceed the interval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time a new TCP connection has to complete the WebSocket upgrade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On stop, time clients get to close before they are aborted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection events kept in memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last messages kept per client for the inspector, each shortened for display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 must be a whole number between %2 and %3 %4%5; got %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 must be a number between %2 and %3 %4%5; got %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 must be between %2 and %3 %4%5; got %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (0: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--path must start with &apos;/&apos;; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--path must not contain &apos;?&apos;, &apos;#&apos;, spaces or control characters; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--heartbeat-timeout (%1 seconds) must be greater than --heartbeat-interval (%2 seconds) while heartbeats are on (--heartbeat-interval 0 turns them off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--allowed-origin must not be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--token must not contain spaces or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot interval must be between 50 and 10000 ms; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The close grace period must be between 0 and 60000 ms; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::SettingsDialog</name>
    <message>
        <source>Most clients at once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit per client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send queue per client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ping interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeat timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drain time on stop:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection events kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages kept per client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address to accept clients on: 127.0.0.1 for this machine only, 0.0.0.0 for every IPv4 interface, :: for every interface, or localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TCP port to listen on. Allowed: 0 to 65535; 0 picks any free port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The WebSocket endpoint clients connect to; it starts with &apos;/&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo: each message goes back to its sender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broadcast: each message goes to every other client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sink: messages are counted, not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One origin per line, e.g. https://example.com. Empty: every origin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients whose Origin header is not listed are refused (HTTP 403).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed origins:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients must send &quot;Authorization: Bearer TOKEN&quot; or connect to PATH?token=TOKEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection log file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every connection event is appended to this CSV file as it happens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection log:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: %1 to %2 %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: %1 to %2 %3; 0 means %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command line: --%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kicking many clients spreads the closes over this time, so that their reconnects do not arrive all at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spread kicks over:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The close code a kicked client sees. Allowed: 4000 to 4999.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick close code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason a kicked client sees, at most %1 bytes of UTF-8. Empty: the text shown in grey.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kick reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long &quot;Kick and ban&quot; bans an address unless you change it. Allowed: 1 to 10080 minutes (a week).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban duration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much recent time the charts show. Allowed: 10 to 3600 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart time span:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection Log File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listen address must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or localhost; got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kick reason must fit in %1 bytes of UTF-8; shorten it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::TrafficCharts</name>
    <message>
        <source>Paused – the server keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>wsm::WebSocketServer</name>
    <message>
        <source>The server is still stopping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is already running at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is already stopping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A kick&apos;s close code must be between 4000 and 4999; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A kick&apos;s reason must fit in %1 bytes of UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open client with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Kicking %n client(s) over %1 s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kicked %n client(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>There are no clients to kick.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned %1 for %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned %1 until lifted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lifted the ban on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no ban on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no open client with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to client %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sent to %n client(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
