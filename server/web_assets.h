// WebAsset: the workbench's files (the top-level web/ directory), embedded
// in the binary at build time by cmake/embed_web.cmake, so the server needs
// no files beside it and no network.
//
// web/assets.cmake, when present, may add files from outside web/ (for
// example a library installed by a Debian package) by appending
// "urlpath=/abs/file" entries to AG_WEB_EXTRA.
//
// Thread-safety: immutable static data.
#pragma once

#include <string_view>
#include <vector>

namespace actorgraph::server {

struct WebAsset {
  std::string_view path;          // "/index.html", "/static/app.js"
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
};

const std::vector<WebAsset>& AllWebAssets();

// The asset at a URL path (without query string); "/" is "/index.html".
// nullptr when there is none.
const WebAsset* FindWebAsset(std::string_view path);

}  // namespace actorgraph::server
