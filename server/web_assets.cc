#include "server/web_assets.h"

namespace actorgraph::server {

const WebAsset* FindWebAsset(std::string_view path) {
  if (path.empty() || path == "/") path = "/index.html";
  for (const WebAsset& a : AllWebAssets())
    if (a.path == path) return &a;
  // "/static/x" also finds web/x, so pages may use either form.
  constexpr std::string_view kStatic = "/static";
  if (path.substr(0, kStatic.size()) == kStatic && path.size() > kStatic.size() &&
      path[kStatic.size()] == '/') {
    path.remove_prefix(kStatic.size());
    for (const WebAsset& a : AllWebAssets())
      if (a.path == path) return &a;
  }
  return nullptr;
}

}  // namespace actorgraph::server
