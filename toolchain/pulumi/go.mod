// Wrapper module used only to build the Pulumi CLI from published Go modules.
// github.com/pulumi/pulumi/pkg/v3 has `replace` directives in its go.mod, so
// `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` is refused; this
// module requires it and repeats the replace lines that matter outside the
// pulumi monorepo. Build with: scripts/build_toolchain.sh
module nordlayer-okta-sso/toolchain/pulumi

go 1.26.6

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

require (
	github.com/pulumi/pulumi/pkg/v3 v3.276.0
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
)

// From pkg/v3's go.mod. Its other replace (`github.com/pulumi/pulumi/sdk/v3 => ../sdk`)
// is replaced here by requiring the published sdk/v3 at the same tag.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
