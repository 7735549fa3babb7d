#!/usr/bin/env bash
# Builds the Teams app package from the manifest template.
#
#   manifest/pack.sh APP_ID BOT_ID HOST_NAME [OUT]
#
#   APP_ID     the Teams app id: any GUID, fixed for the life of the app (updates keep it)
#   BOT_ID     the Azure Bot's Microsoft App ID: the managed identity's client id
#              (output `botAppId` of infra/main.bicep)
#   HOST_NAME  the bot's host name without scheme or path, e.g. confidantbot.example.nl
#              (output `hostName` of infra/main.bicep)
#   OUT        the zip to write; default artifacts/ConfidantBot-teams.zip in the repository
#   APP_VERSION (environment) the app version, semver; default 1.0.0. Raise it for every
#              upload after the first one, or Teams keeps the old package.
#
# The zip holds exactly manifest.json, en-us.json, color.png and outline.png at its root,
# which is what the Teams admin centre expects.
set -euo pipefail

usage() {
  echo "usage: manifest/pack.sh APP_ID BOT_ID HOST_NAME [OUT]" >&2
  echo "  APP_ID and BOT_ID are GUIDs; HOST_NAME is a bare host name such as bot.example.nl" >&2
  exit 64
}

fail() {
  echo "pack.sh: $1" >&2
  exit 65
}

[[ $# -ge 3 && $# -le 4 ]] || usage

app_id="$1"
bot_id="$2"
host_name="$3"
manifest_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$manifest_dir")"
out="${4:-$repo_root/artifacts/ConfidantBot-teams.zip}"
version="${APP_VERSION:-1.0.0}"

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[[ "$app_id" =~ $guid ]] || fail "APP_ID '$app_id' is not a GUID (like 00000000-0000-0000-0000-000000000000)"
[[ "$bot_id" =~ $guid ]] || fail "BOT_ID '$bot_id' is not a GUID (like 00000000-0000-0000-0000-000000000000)"

[[ "$host_name" != *"://"* ]] || fail "HOST_NAME '$host_name' must not include a scheme: give only the host, e.g. bot.example.nl"
label='[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
[[ ${#host_name} -le 253 && "$host_name" =~ ^$label(\.$label)+$ ]] \
  || fail "HOST_NAME '$host_name' is not a host name (letters, digits, '-' and '.', no port or path), e.g. bot.example.nl"

[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] \
  || fail "APP_VERSION '$version' is not a version like 1.0.0"

command -v python3 >/dev/null || fail "python3 is needed to write the zip"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

# The values are validated above, so they contain no sed metacharacters.
sed -e "s/{{APP_ID}}/$app_id/g" \
    -e "s/{{BOT_ID}}/$bot_id/g" \
    -e "s/{{HOST_NAME}}/$host_name/g" \
    -e "s/{{VERSION}}/$version/g" \
    "$manifest_dir/manifest.json" > "$staging/manifest.json"

if grep -q '{{' "$staging/manifest.json"; then
  fail "manifest.json still has a placeholder after filling: $(grep -o '{{[A-Z_]*}}' "$staging/manifest.json" | sort -u | tr '\n' ' ')"
fi

cp "$manifest_dir/en-us.json" "$manifest_dir/color.png" "$manifest_dir/outline.png" "$staging/"

mkdir -p "$(dirname "$out")"
rm -f "$out"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
(cd "$staging" && python3 -m zipfile -c "$out" manifest.json en-us.json color.png outline.png)

echo "wrote $out (app $app_id, bot $bot_id, host $host_name, version $version)"
