// pulumi-language-python (minimal, local build).
//
// Why this exists: the upstream Python language host is the nested Go module
// github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3. It has no
// tags of its own, and the Go module proxy this project can reach refuses every
// version of it (403 "This module version is not available", list included), so
// it cannot be built from published modules. See toolchain/README.md.
//
// This program is a small implementation of the same gRPC LanguageRuntime
// service, built only from the published github.com/pulumi/pulumi/sdk/v3 module.
// It does no Python work itself: it resolves the interpreter with the SDK's own
// python/toolchain package (pip / poetry / uv, `virtualenv` option), and runs the
// program through the official `pulumi-language-python-exec` shim (copied beside
// this binary from the sdk/v3 module by scripts/build_toolchain.sh), exactly the
// way the upstream host does. Not implemented (answer Unimplemented): code
// generation (GeneratePackage/GenerateProgram/GenerateProject), Pack, Link,
// Template, RunPlugin (Python plugins/policy packs).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

const (
	// The exec shim shipped in the sdk/v3 module under python/cmd/.
	execShimName = "pulumi-language-python-exec"
	// Exit code the shim uses after it has already reported a user-actionable error.
	userActionableExitCode = 32
)

// hostVersion is set with -ldflags "-X main.hostVersion=...".
var hostVersion = "3.0.0-local"

func main() {
	var tracing, root, useExecutor string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&root, "root", "", "Project root path (older engines)")
	flag.StringVar(&useExecutor, "use-executor", "", "Use this program as the exec shim instead of the one beside this binary")
	// Accepted for compatibility with older engines; the option now arrives in ProgramInfo.
	flag.String("virtualenv", "", "ignored")
	flag.Parse()
	logging.InitLogging(false, 0, false)

	shim := useExecutor
	if shim == "" {
		self, err := os.Executable()
		if err != nil {
			cmdutil.Exit(fmt.Errorf("could not determine current executable: %w", err))
		}
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		shim = filepath.Join(filepath.Dir(self), execShimName)
	}
	if _, err := os.Stat(shim); err != nil {
		cmdutil.Exit(fmt.Errorf("missing executor %s: %w", shim, err))
	}

	host := &pythonHost{shim: shim, tracing: tracing}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[0]
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	shim    string
	tracing string

	mu            sync.Mutex
	engineAddress string
}

// options mirrors the `runtime.options` of a python Pulumi.yaml.
type options struct {
	virtualenv  string
	toolchain   string
	typechecker string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	var o options
	if info == nil || info.Options == nil {
		return o, nil
	}
	m := info.Options.AsMap()
	str := func(key string) (string, error) {
		v, ok := m[key]
		if !ok || v == nil {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("runtime option %q must be a string, got %T", key, v)
		}
		return s, nil
	}
	var err error
	if o.virtualenv, err = str("virtualenv"); err != nil {
		return o, err
	}
	if o.toolchain, err = str("toolchain"); err != nil {
		return o, err
	}
	if o.typechecker, err = str("typechecker"); err != nil {
		return o, err
	}
	return o, nil
}

func resolveToolchain(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, options, error) {
	o, err := parseOptions(info)
	if err != nil {
		return nil, o, err
	}
	opts := toolchain.PythonOptions{
		Root:       info.GetRootDirectory(),
		ProgramDir: info.GetProgramDirectory(),
		Virtualenv: o.virtualenv,
	}
	switch strings.ToLower(o.toolchain) {
	case "", "auto":
		opts.Toolchain = toolchain.Auto
	case "pip":
		opts.Toolchain = toolchain.Pip
	case "poetry":
		opts.Toolchain = toolchain.Poetry
	case "uv":
		opts.Toolchain = toolchain.Uv
	default:
		return nil, o, fmt.Errorf("unsupported python toolchain %q (expected pip, poetry or uv)", o.toolchain)
	}
	switch strings.ToLower(o.typechecker) {
	case "":
		opts.Typechecker = toolchain.TypeCheckerNone
	case "mypy":
		opts.Typechecker = toolchain.TypeCheckerMypy
	case "pyright":
		opts.Typechecker = toolchain.TypeCheckerPyright
	default:
		return nil, o, fmt.Errorf("unsupported python typechecker %q (expected mypy or pyright)", o.typechecker)
	}
	tc, err := toolchain.ResolveToolchain(opts)
	return tc, o, err
}

func (h *pythonHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion}, nil
}

func (h *pythonHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// pluginJSON is the pulumi-plugin.json a Pulumi Python package ships next to its code.
