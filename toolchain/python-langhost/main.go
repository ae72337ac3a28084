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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
type pluginJSON struct {
	Resource         bool   `json:"resource"`
	Name             string `json:"name"`
	Version          string `json:"version"`
	Server           string `json:"server"`
	Parameterization *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Value   []byte `json:"value"`
	} `json:"parameterization"`
}

// Lists the installed distributions named pulumi* that ship a top-level pulumi-plugin.json.
const listPluginsScript = `
import json, pathlib
import importlib.metadata as md
out = []
for d in md.distributions():
    name = (d.metadata.get("Name") or "")
    if not name.lower().replace("_", "-").startswith("pulumi"):
        continue
    for f in (d.files or []):
        if f.name in ("pulumi-plugin.json", "pulumiplugin.json") and len(f.parts) == 2:
            try:
                data = json.loads(pathlib.Path(d.locate_file(f)).read_text())
            except Exception:
                continue
            out.append({"package": name, "version": d.version, "plugin": data})
print(json.dumps(out))
`

func (h *pythonHost) requiredPackages(ctx context.Context, info *pulumirpc.ProgramInfo) ([]*pulumirpc.PackageDependency, error) {
	tc, _, err := resolveToolchain(info)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, "-c", listPluginsScript)
	if err != nil {
		return nil, err
	}
	cmd.Dir = info.GetProgramDirectory()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing installed Pulumi packages: %w: %s", err, stderr.String())
	}
	var found []struct {
		Package string          `json:"package"`
		Version string          `json:"version"`
		Plugin  json.RawMessage `json:"plugin"`
	}
	if err := json.Unmarshal(out, &found); err != nil {
		return nil, fmt.Errorf("parsing installed Pulumi packages: %w", err)
	}
	seen := map[string]bool{}
	var deps []*pulumirpc.PackageDependency
	for _, f := range found {
		var pj pluginJSON
		if err := json.Unmarshal(f.Plugin, &pj); err != nil {
			logging.V(5).Infof("ignoring unreadable pulumi-plugin.json of %s: %v", f.Package, err)
			continue
		}
		if !pj.Resource {
			continue
		}
		name := pj.Name
		if name == "" {
			name = strings.TrimPrefix(strings.ReplaceAll(strings.ToLower(f.Package), "_", "-"), "pulumi-")
		}
		version := pj.Version
		if version == "" {
			version = f.Version
		}
		if version != "" && !strings.HasPrefix(version, "v") {
			version = "v" + version
		}
		dep := &pulumirpc.PackageDependency{Kind: "resource", Name: name, Version: version, Server: pj.Server}
		if p := pj.Parameterization; p != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
		key := name + "@" + version
		if dep.Parameterization != nil {
			key += "/" + dep.Parameterization.Name + "@" + dep.Parameterization.Version
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		deps = append(deps, dep)
	}
	return deps, nil
}

func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := h.requiredPackages(ctx, req.GetInfo())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: deps}, nil
}

func (h *pythonHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	deps, err := h.requiredPackages(ctx, req.GetInfo())
	if err != nil {
		return nil, err
	}
	var plugins []*pulumirpc.PluginDependency
	for _, d := range deps {
		if d.Parameterization != nil {
			continue
		}
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: d.Name, Kind: d.Kind, Version: d.Version, Server: d.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return nil, errors.New("this language host needs an engine that sends ProgramInfo (pulumi >= 3.100)")
	}
	tc, opts, err := resolveToolchain(info)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	if opts.typechecker != "" {
		if resp := h.typecheck(ctx, tc, opts.typechecker, info.GetProgramDirectory()); resp != nil {
			return resp, nil
		}
	}

	h.mu.Lock()
	engine := h.engineAddress
	h.mu.Unlock()

	program := filepath.Join(info.GetProgramDirectory(), info.GetEntryPoint())
	args := []string{
		h.shim,
		"--monitor", req.GetMonitorAddress(),
		"--engine", engine,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", req.GetPwd(),
		"--dry_run=" + strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
		"--organization", req.GetOrganization(),
		"--root_directory", info.GetRootDirectory(),
	}
	if h.tracing != "" {
		args = append(args, "--tracing", h.tracing)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return nil, err
	}
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env = append(env, "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	cmd.Env = env
	cmd.Dir = req.GetPwd()
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == userActionableExitCode {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

func (h *pythonHost) typecheck(
	ctx context.Context, tc toolchain.Toolchain, checker, dir string,
) *pulumirpc.RunResponse {
	cmd, err := tc.ModuleCommand(ctx, strings.ToLower(checker), dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	cmd.Dir = dir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("%s type checking failed: %v", checker, err)}
	}
	return nil
}

// streamWriter forwards install output to the engine as it is produced.
type streamWriter struct {
	mu     *sync.Mutex
	server pulumirpc.LanguageRuntime_InstallDependenciesServer
	stderr bool
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	data := append([]byte(nil), p...)
	resp := &pulumirpc.InstallDependenciesResponse{Stdout: data}
	if w.stderr {
		resp = &pulumirpc.InstallDependenciesResponse{Stderr: data}
	}
	if err := w.server.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	info := req.GetInfo()
	if info == nil {
		return errors.New("this language host needs an engine that sends ProgramInfo (pulumi >= 3.100)")
	}
	tc, _, err := resolveToolchain(info)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	stdout := &streamWriter{mu: &mu, server: server}
	stderr := &streamWriter{mu: &mu, server: server, stderr: true}
	return tc.InstallDependencies(server.Context(), info.GetProgramDirectory(),
		req.GetUseLanguageVersionTools(), true /*showOutput*/, stdout, stderr)
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, opts, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	about, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{"host": "minimal local build (toolchain/python-langhost)"}
	if opts.toolchain != "" {
		meta["toolchain"] = opts.toolchain
	}
	return &pulumirpc.AboutResponse{
		Executable: about.PythonExecutable,
		Version:    about.PythonVersion.String(),
		Metadata:   meta,
	}, nil
}

func (h *pythonHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	tc, _, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	pkgs, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, err
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(pkgs))
	for _, p := range pkgs {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

var _ io.Writer = (*streamWriter)(nil)
