// Command gosdkcheck drives the Okta emulator with Okta's own Go SDKs (v2 and v5, the families the
// okta terraform provider behind pulumi-okta uses) configured as the provider configures them when
// okta:httpProxy is set: org URL = proxy URL, proxy host and port, SSWS token, https check off. So
// requests arrive as a proxy sees them (absolute-form, and v5 drops the port from the target).
//
// It walks the provider's calls: users/me, the well-known org, group and authorization-server
// lookups, OIDC app create/get/replace, the default access policy, group assignments over Link
// pages, 429 back-off, and delete-after-deactivate. Expects the emulator seeded with the groups
// "Engineering", "Engineering Managers", "Support". Run by tests/okta_emulator/test_go_sdks.py.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	okta2 "github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
	okta5 "github.com/okta/okta-sdk-golang/v5/okta"
)

func must(cond bool, format string, args ...any) {
	if !cond {
		fmt.Printf("FAIL: "+format+"\n", args...)
		os.Exit(1)
	}
}

func check(err error, what string) {
	if err != nil {
		fmt.Printf("FAIL: %s: %v\n", what, err)
		os.Exit(1)
	}
}

func control(base, method, path string, body any) []byte {
	var buf bytes.Buffer
	if body != nil {
		_ = json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, base+"/_emulator"+path, &buf)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	check(err, "control "+path)
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return out.Bytes()
}

func main() {
	port, _ := strconv.Atoi(os.Getenv("EMU_PORT"))
	token := os.Getenv("EMU_TOKEN")
	orgURL := fmt.Sprintf("http://127.0.0.1:%d", port)
	ctx := context.Background()

	cfg5, err := okta5.NewConfiguration(
		okta5.WithOrgUrl(orgURL), okta5.WithCache(false), okta5.WithRateLimitMaxBackOff(3),
		okta5.WithRequestTimeout(0), okta5.WithRateLimitMaxRetries(3),
		okta5.WithProxyHost("127.0.0.1"), okta5.WithProxyPort(int32(port)),
		okta5.WithToken(token), okta5.WithAuthorizationMode("SSWS"), okta5.WithTestingDisableHttpsCheck(true),
	)
	check(err, "v5 config")
	c5 := okta5.NewAPIClient(cfg5)
	ctx2, c2, err := okta2.NewClient(ctx,
		okta2.WithOrgUrl(orgURL), okta2.WithCache(false), okta2.WithHttpClientPtr(c5.GetConfig().HTTPClient),
		okta2.WithRateLimitMaxBackOff(3), okta2.WithRateLimitMaxRetries(3), okta2.WithToken(token),
		okta2.WithTestingDisableHttpsCheck(true),
	)
	check(err, "v2 client")

	// Provider configure: GET /api/v1/users/me with both clients.
	me5, _, err := c5.UserAPI.GetUser(ctx, "me").Execute()
	check(err, "v5 users/me")
	me2, _, err := c2.User.GetUser(ctx2, "me")
	check(err, "v2 users/me")
	must(me5.GetId() == me2.Id, "users/me ids differ")

	org, _, err := c5.OrgSettingAPI.GetWellknownOrgMetadata(ctx).Execute()
	check(err, "well-known org")
	must(org.GetPipeline() == "idx", "pipeline %q", org.GetPipeline())
	links := org.GetLinks()
	orgHref := links.GetOrganization()
	must(orgHref.GetHref() == orgURL, "org link %q", orgHref.GetHref())

	// Data sources: okta_group (q prefix, exact pick), okta_auth_server (q + limit).
	groups, _, err := c2.Group.ListGroups(ctx2, &query.Params{Q: "Engineering"})
	check(err, "v2 list groups")
	must(len(groups) == 2, "q=Engineering matched %d groups", len(groups))
	var engineering string
	for _, g := range groups {
		if g.Profile.Name == "Engineering" {
			engineering = g.Id
		}
	}
	must(engineering != "", "no exact Engineering group")
	servers, _, err := c2.AuthorizationServer.ListAuthorizationServers(ctx2, &query.Params{Q: "default", Limit: 200})
	check(err, "v2 list auth servers")
	must(len(servers) == 1 && servers[0].Issuer == orgURL+"/oauth2/default", "servers %+v", servers)
	must(servers[0].Credentials.Signing.NextRotation != nil, "nextRotation not parsed")

	// okta_app_oauth create (v5/v6 style body).
	app := okta5.NewOpenIdConnectApplicationWithDefaults()
	app.SetLabel("SDK check")
	app.SetName("oidc_client")
	app.SetSignOnMode("OPENID_CONNECT")
	oauthClient := okta5.NewApplicationCredentialsOAuthClientWithDefaults()
	oauthClient.SetAutoKeyRotation(true)
	oauthClient.SetTokenEndpointAuthMethod("client_secret_basic")
	oauthClient.SetPkceRequired(false)
	credentials := okta5.NewOAuthApplicationCredentialsWithDefaults()
	credentials.SetOauthClient(*oauthClient)
	app.SetCredentials(*credentials)
	settingsClient := okta5.NewOpenIdConnectApplicationSettingsClientWithDefaults()
	settingsClient.SetApplicationType("web")
	settingsClient.SetGrantTypes([]string{"authorization_code"})
	settingsClient.SetResponseTypes([]string{"code"})
	settingsClient.SetRedirectUris([]string{"https://portal.example.com/sso/callback"})
	settingsClient.SetConsentMethod("TRUSTED")
	settingsClient.SetIssuerMode("ORG_URL")
	settingsClient.SetWildcardRedirect("DISABLED")
	settings := okta5.NewOpenIdConnectApplicationSettingsWithDefaults()
	settings.SetOauthClient(*settingsClient)
	app.SetSettings(*settings)
	body := okta5.OpenIdConnectApplicationAsListApplications200ResponseInner(app)
	created, _, err := c5.ApplicationAPI.CreateApplication(ctx).Application(body).Activate(true).Execute()
	check(err, "v5 create app")
	oidc := created.OpenIdConnectApplication
	must(oidc != nil, "create did not decode as an OpenIdConnectApplication")
	appID := oidc.GetId()
	createdCreds := oidc.GetCredentials()
	createdClient := createdCreds.GetOauthClient()
	secret := createdClient.GetClientSecret()
	must(len(secret) >= 40 && createdClient.GetClientId() == appID, "client credentials %+v", createdClient)

	// OIE: default ACCESS_POLICY, then PUT /apps/{id}/policies/{policyId}.
	policies, _, err := c5.PolicyAPI.ListPolicies(ctx).Type_("ACCESS_POLICY").Execute()
	check(err, "v5 list policies")
	must(len(policies) == 1 && policies[0].AccessPolicy != nil, "policies did not decode as AccessPolicy")
	policyID := policies[0].AccessPolicy.GetId()
	must(policies[0].AccessPolicy.GetSystem(), "default policy is not system")
	_, err = c5.ApplicationPoliciesAPI.AssignApplicationPolicy(ctx, appID, policyID).Execute()
	check(err, "v5 assign policy")

	got, _, err := c5.ApplicationAPI.GetApplication(ctx, appID).Execute()
	check(err, "v5 get app")
	gotApp := got.OpenIdConnectApplication
	gotLinks := gotApp.GetLinks()
	accessPolicy := gotLinks.GetAccessPolicy()
	must(strings.HasSuffix(accessPolicy.GetHref(), "/api/v1/policies/"+policyID), "accessPolicy link %q", accessPolicy.GetHref())
	gotSettings := gotApp.GetSettings()
	gotClient := gotSettings.GetOauthClient()
	must(gotClient.GetConsentMethod() == "TRUSTED" && gotClient.GetIssuerMode() == "ORG_URL", "settings not echoed")
	must(len(gotSettings.AdditionalProperties) == 0, "unexpected settings keys %v", gotSettings.AdditionalProperties)

	gotApp.SetLabel("SDK check renamed")
	replaced, _, err := c5.ApplicationAPI.ReplaceApplication(ctx, appID).Application(*got).Execute()
	check(err, "v5 replace app")
	replacedCreds := replaced.OpenIdConnectApplication.GetCredentials()
	replacedClient := replacedCreds.GetOauthClient()
	must(replaced.OpenIdConnectApplication.GetLabel() == "SDK check renamed" && replacedClient.GetClientSecret() == secret,
		"replace lost label or secret")

	// Group assignments through v2, paginated two at a time.
	var assigned []string
	for _, name := range []string{"Engineering", "Engineering Managers", "Support"} {
		found, _, err := c2.Group.ListGroups(ctx2, &query.Params{Q: name})
		check(err, "v2 list groups "+name)
		for _, g := range found {
			if g.Profile.Name == name {
				_, _, err = c2.Application.CreateApplicationGroupAssignment(ctx2, appID, g.Id, okta2.ApplicationGroupAssignment{})
				check(err, "v2 assign "+name)
				assigned = append(assigned, g.Id)
			}
		}
	}
	page, resp, err := c2.Application.ListApplicationGroupAssignments(ctx2, appID, &query.Params{Limit: 2})
	check(err, "v2 list assignments")
	all := page
	pages := 1
	for resp.HasNextPage() {
		var next []*okta2.ApplicationGroupAssignment
		resp, err = resp.Next(ctx2, &next)
		check(err, "v2 next page")
		all = append(all, next...)
		pages++
	}
	must(len(all) == 3 && pages == 2, "assignments %d over %d pages", len(all), pages)
	five, r5, err := c5.ApplicationGroupsAPI.ListApplicationGroupAssignments(ctx, appID).Limit(2).Execute()
	check(err, "v5 list assignments")
	for r5.HasNextPage() {
		var next []okta5.ApplicationGroupAssignment
		r5, err = r5.Next(&next)
		check(err, "v5 next page")
		five = append(five, next...)
	}
	must(len(five) == 3, "v5 saw %d assignments", len(five))

	// Rate limits: two 429s, then success, through both SDKs' own back-off (Date + X-Rate-Limit-Reset).
	control(orgURL, "POST", "/faults", map[string]any{"method": "GET", "path": "/api/v1/users/me", "status": 429, "count": 2, "reset_seconds": 0})
	start := time.Now()
	_, _, err = c2.User.GetUser(ctx2, "me")
	check(err, "v2 users/me after 429s")
	fmt.Printf("v2 retried two 429s in %.1fs\n", time.Since(start).Seconds())
	control(orgURL, "POST", "/faults", map[string]any{"method": "GET", "path": "/api/v1/users/me", "status": 429, "count": 1, "reset_seconds": 0})
	start = time.Now()
	_, _, err = c5.UserAPI.GetUser(ctx, "me").Execute()
	check(err, "v5 users/me after 429")
	fmt.Printf("v5 retried one 429 in %.1fs\n", time.Since(start).Seconds())

	// Delete: refused while ACTIVE (error parsed), then deactivate + delete.
	_, err = c2.Application.DeleteApplication(ctx2, appID)
	must(err != nil && strings.Contains(err.Error(), "Delete application forbidden"), "delete of an active app: %v", err)
	_, err = c2.Application.DeactivateApplication(ctx2, appID)
	check(err, "v2 deactivate")
	_, err = c5.ApplicationAPI.DeleteApplication(ctx, appID).Execute()
	check(err, "v5 delete")
	_, _, err = c5.ApplicationAPI.GetApplication(ctx, appID).Execute()
	must(err != nil && strings.Contains(err.Error(), "404"), "get after delete: %v", err)

	fmt.Println("OK")
}
