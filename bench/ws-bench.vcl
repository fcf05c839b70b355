# The VCL the relay benchmark runs: every WebSocket handshake goes to the relay.
backend origin { .host = "127.0.0.1"; .port = "1"; }

sub vcl_recv {
#FASTLY recv
  if (req.http.Upgrade) {
    return (upgrade);
  }
  return (pass);
}
