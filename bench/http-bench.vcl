# The VCL the HTTP benchmark runs: /cached/ goes through the cache, everything else is passed.
backend origin { .host = "127.0.0.1"; .port = "1"; }

sub vcl_recv {
#FASTLY recv
  if (req.url ~ "^/cached/") {
    return (lookup);
  }
  return (pass);
}
