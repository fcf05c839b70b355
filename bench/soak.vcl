# The VCL the reliability soak (`npm run soak`) runs: /admin is blocked, /cache/ goes through the
# cache, WebSocket handshakes to the relay, everything else is passed. VCL stamps what it saw.
backend origin { .host = "127.0.0.1"; .port = "1"; }

sub vcl_recv {
#FASTLY recv
  if (req.url ~ "^/admin") {
    error 403 "admin is internal";
  }
  set req.http.X-Vcl-View = req.method " " req.url;
  if (req.http.Upgrade) {
    return (upgrade);
  }
  if (req.url ~ "^/cache/") {
    return (lookup);
  }
  return (pass);
}
