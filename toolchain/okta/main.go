// pulumi-resource-okta, built from published Go modules.
//
// Upstream's provider/cmd/pulumi-resource-okta/main.go embeds a generated,
// git-ignored schema-embed.json, so that package cannot be built from the module
// zip. This file does the same job: scripts/build_toolchain.sh copies the
// module's committed provider/cmd/pulumi-resource-okta/schema.json here as
// schema-embed.json (with "version" set) before `go build`; it is never committed.
package main

import (
	"context"
	_ "embed"

	okta "github.com/pulumi/pulumi-okta/provider/v6"
	"github.com/pulumi/pulumi-okta/provider/v6/pkg/version"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
)

//go:embed schema-embed.json
var pulumiSchema []byte

// providerVersion is set with -ldflags "-X main.providerVersion=6.2.3"; the
// build also sets version.Version directly the same way.
var providerVersion = ""

func main() {
	// The bridge panics on an empty provider version.
	if version.Version == "" {
		version.Version = providerVersion
	}
	tfbridge.MainWithMuxer(context.Background(), "okta", okta.Provider(), pulumiSchema)
}
