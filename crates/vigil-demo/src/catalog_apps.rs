//! Static tables about software and policy: applications (Microsoft first-party ids and
//! SaaS apps), resources, workload identities, directory roles, groups, Conditional Access
//! policies, AADSTS error codes with Graph's failure texts, and client/browser user agents.

/// A resource (audience) a token is issued for: (display name, app id).
pub type Resource = (&'static str, &'static str);

/// Microsoft Graph.
pub const GRAPH: Resource = ("Microsoft Graph", "00000003-0000-0000-c000-000000000000");
/// Exchange Online.
pub const EXCHANGE: Resource = (
    "Office 365 Exchange Online",
    "00000002-0000-0ff1-ce00-000000000000",
);
/// SharePoint Online.
pub const SHAREPOINT: Resource = (
    "Office 365 SharePoint Online",
    "00000003-0000-0ff1-ce00-000000000000",
);
/// Teams back end.
pub const TEAMS_SERVICES: Resource = (
    "Microsoft Teams Services",
    "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
);
/// Azure Resource Manager.
pub const ARM: Resource = (
    "Azure Resource Manager",
    "797f4846-ba00-4fd7-ba43-dac1f8f63013",
);
/// Azure AD Graph (device sign-in audience).
pub const AAD: Resource = (
    "Windows Azure Active Directory",
    "00000002-0000-0000-c000-000000000000",
);
/// Azure Key Vault.
pub const KEY_VAULT: Resource = ("Azure Key Vault", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093");
/// Azure Storage.
pub const STORAGE: Resource = ("Azure Storage", "e406a681-f3d4-42a8-90b6-c2b029497af1");
/// My Apps back end.
pub const APP_ACCESS_PANEL: Resource = (
    "Microsoft App Access Panel",
    "0000000c-0000-0000-c000-000000000000",
);

/// How an application is used, which drives client type, protocol and device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppStyle {
    /// Web app in a browser (OAuth2/OIDC).
    Web,
    /// SAML single sign-on SaaS app in a browser.
    Saml,
    /// Desktop rich client with background token refreshes.
    Desktop,
    /// Mobile app with background token refreshes.
    Mobile,
    /// Command-line / scripting client.
    Cli,
    /// Windows device sign-in (primary refresh token).
    Device,
}

/// An application users sign in to.
#[derive(Debug, Clone, Copy)]
pub struct AppDef {
    /// Display name.
    pub name: &'static str,
    /// Application (client) id; SaaS apps get a tenant-stable derived id when empty.
    pub app_id: &'static str,
    /// Resources its tokens are issued for (first is the usual one); empty = the app itself.
    pub resources: &'static [Resource],
    /// How it is used.
    pub style: AppStyle,
    /// Departments that use it ("*" = everyone).
    pub departments: &'static [&'static str],
    /// Relative popularity among its users.
    pub weight: u32,
}

const ALL: &[&str] = &["*"];

/// Applications of the Contoso tenant: Microsoft first-party clients first, then SaaS.
#[rustfmt::skip]
pub const APPS: &[AppDef] = &[
    AppDef { name: "Microsoft Teams", app_id: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", resources: &[TEAMS_SERVICES, GRAPH, SHAREPOINT], style: AppStyle::Desktop, departments: ALL, weight: 30, },
    AppDef { name: "Microsoft Office", app_id: "d3590ed6-52b3-4102-aeff-aad2292ab01c", resources: &[EXCHANGE, GRAPH, SHAREPOINT], style: AppStyle::Desktop, departments: ALL, weight: 25, },
    AppDef { name: "Outlook Mobile", app_id: "27922004-5251-4030-b22d-91ecd9a37ea4", resources: &[EXCHANGE, GRAPH], style: AppStyle::Mobile, departments: ALL, weight: 10, },
    AppDef { name: "One Outlook Web", app_id: "9199bf20-a13f-4107-85dc-02114787ef48", resources: &[EXCHANGE], style: AppStyle::Web, departments: ALL, weight: 10, },
    AppDef { name: "Office 365 SharePoint Online", app_id: "00000003-0000-0ff1-ce00-000000000000", resources: &[SHAREPOINT], style: AppStyle::Web, departments: ALL, weight: 12, },
    AppDef { name: "OfficeHome", app_id: "4765445b-32c6-49b0-83e6-1d93765276ca", resources: &[GRAPH], style: AppStyle::Web, departments: ALL, weight: 8, },
    AppDef { name: "My Apps", app_id: "2793995e-0a7d-40d7-bd35-6968ba142197", resources: &[APP_ACCESS_PANEL], style: AppStyle::Web, departments: ALL, weight: 4, },
    AppDef { name: "OneDrive SyncEngine", app_id: "ab9b8c07-8f02-4f72-87fa-80105867a763", resources: &[SHAREPOINT], style: AppStyle::Desktop, departments: ALL, weight: 6, },
    AppDef { name: "Microsoft Authenticator App", app_id: "4813382a-8fa7-425e-ab75-3b753aab3abb", resources: &[GRAPH], style: AppStyle::Mobile, departments: ALL, weight: 3, },
    AppDef { name: "Windows Sign In", app_id: "38aa3b87-a06d-4817-b275-7a316988d93b", resources: &[AAD], style: AppStyle::Device, departments: ALL, weight: 0, },
    AppDef { name: "Azure Portal", app_id: "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", resources: &[ARM, GRAPH], style: AppStyle::Web, departments: &["Engineering", "IT"], weight: 10, },
    AppDef { name: "Microsoft Azure CLI", app_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46", resources: &[ARM, GRAPH], style: AppStyle::Cli, departments: &["Engineering", "IT"], weight: 8, },
    AppDef { name: "Microsoft Azure PowerShell", app_id: "1950a258-227b-4e31-a9cf-717495945fc2", resources: &[ARM], style: AppStyle::Cli, departments: &["IT"], weight: 4, },
    AppDef { name: "Microsoft Exchange Online Remote PowerShell", app_id: "a0c73c16-a7e3-4564-9a95-2bdf47383716", resources: &[EXCHANGE], style: AppStyle::Cli, departments: &["IT"], weight: 2, },
    AppDef { name: "Graph Explorer", app_id: "de8bc8b5-d9f9-48b1-a8ad-b748da725064", resources: &[GRAPH], style: AppStyle::Web, departments: &["Engineering", "IT"], weight: 2, },
    AppDef { name: "ServiceNow", app_id: "", resources: &[], style: AppStyle::Saml, departments: ALL, weight: 4, },
    AppDef { name: "Workday", app_id: "", resources: &[], style: AppStyle::Saml, departments: ALL, weight: 3, },
    AppDef { name: "AWS IAM Identity Center", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Engineering", "IT"], weight: 8, },
    AppDef { name: "Salesforce", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Sales", "Marketing", "Customer Support"], weight: 20, },
    AppDef { name: "Slack", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Engineering", "Product Management", "Marketing", "Customer Support"], weight: 10, },
    AppDef { name: "Zoom", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Sales", "Customer Support", "Human Resources"], weight: 6, },
    AppDef { name: "GitHub Enterprise Cloud - Organization", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Engineering"], weight: 14, },
    AppDef { name: "Atlassian Cloud", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Engineering", "Product Management", "IT"], weight: 10, },
    AppDef { name: "Adobe Creative Cloud", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Marketing"], weight: 12, },
    AppDef { name: "DocuSign", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Sales", "Legal", "Finance", "Human Resources"], weight: 6, },
    AppDef { name: "Box", app_id: "", resources: &[], style: AppStyle::Saml, departments: &["Finance", "Legal", "Marketing"], weight: 5, },
    AppDef { name: "Office 365 Exchange Online", app_id: "00000002-0000-0ff1-ce00-000000000000", resources: &[EXCHANGE], style: AppStyle::Web, departments: ALL, weight: 0, },
    AppDef { name: "SAP Concur", app_id: "", resources: &[], style: AppStyle::Saml, departments: ALL, weight: 1, },
];

/// How a workload identity authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// Client secret.
    Secret,
    /// Certificate.
    Certificate,
    /// Federated identity credential (workload identity federation).
    Federated,
}

/// A service principal that signs in on its own (client credentials).
#[derive(Debug, Clone, Copy)]
pub struct WorkloadDef {
    /// Display name.
    pub name: &'static str,
    /// Resource it calls.
    pub resource: Resource,
    /// Average minutes between sign-ins.
    pub every_min: i64,
    /// Only during business hours (Pacific), e.g. CI pipelines.
    pub business_hours: bool,
    /// Credential kind.
    pub credential: Credential,
    /// Index into [`crate::catalog_data::DATACENTERS`].
    pub datacenter: usize,
}

/// Service principals (app registrations owned by Contoso) signing in with their own identity.
#[rustfmt::skip]
pub const WORKLOADS: &[WorkloadDef] = &[
    WorkloadDef { name: "Splunk Add-on for Microsoft Cloud Services", resource: GRAPH, every_min: 60, business_hours: false, credential: Credential::Secret, datacenter: 1, },
    WorkloadDef { name: "GitHub Actions - contoso-web deploy", resource: ARM, every_min: 45, business_hours: true, credential: Credential::Federated, datacenter: 2, },
    WorkloadDef { name: "Terraform Cloud - prod", resource: ARM, every_min: 120, business_hours: true, credential: Credential::Secret, datacenter: 1, },
    WorkloadDef { name: "Contoso Reporting Service", resource: GRAPH, every_min: 120, business_hours: false, credential: Credential::Certificate, datacenter: 0, },
    WorkloadDef { name: "ServiceNow Integration Hub", resource: GRAPH, every_min: 60, business_hours: false, credential: Credential::Secret, datacenter: 3, },
    WorkloadDef { name: "Contoso Backup Automation", resource: STORAGE, every_min: 240, business_hours: false, credential: Credential::Certificate, datacenter: 0, },
];

/// A managed identity attached to an Azure resource.
#[derive(Debug, Clone, Copy)]
pub struct ManagedIdentityDef {
    /// Display name (the resource name for system-assigned identities).
    pub name: &'static str,
    /// `systemAssigned` or `userAssigned`.
    pub msi_type: &'static str,
    /// Resource group.
    pub resource_group: &'static str,
    /// ARM provider path of the associated resource (after the resource group).
    pub provider: &'static str,
    /// Resource it calls.
    pub resource: Resource,
    /// Average minutes between sign-ins.
    pub every_min: i64,
    /// Index into [`crate::catalog_data::DATACENTERS`].
    pub datacenter: usize,
}

/// Managed identities signing in.
#[rustfmt::skip]
pub const MANAGED_IDENTITIES: &[ManagedIdentityDef] = &[
    ManagedIdentityDef { name: "func-orders-prod", msi_type: "systemAssigned", resource_group: "rg-orders-prod", provider: "Microsoft.Web/sites/func-orders-prod", resource: KEY_VAULT, every_min: 30, datacenter: 0, },
    ManagedIdentityDef { name: "uami-aks-prod-workload", msi_type: "userAssigned", resource_group: "rg-aks-prod", provider: "Microsoft.ManagedIdentity/userAssignedIdentities/uami-aks-prod-workload", resource: STORAGE, every_min: 60, datacenter: 1, },
    ManagedIdentityDef { name: "vm-build-agent-01", msi_type: "systemAssigned", resource_group: "rg-build", provider: "Microsoft.Compute/virtualMachines/vm-build-agent-01", resource: ARM, every_min: 120, datacenter: 1, },
    ManagedIdentityDef { name: "logic-invoice-processor", msi_type: "systemAssigned", resource_group: "rg-finance-automation", provider: "Microsoft.Logic/workflows/logic-invoice-processor", resource: GRAPH, every_min: 240, datacenter: 3, },
];

/// Directory roles: (display name, role template id).
pub const ROLES: &[(&str, &str)] = &[
    (
        "Global Administrator",
        "62e90394-69f5-4237-9190-012177145e10",
    ),
    ("User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1"),
    (
        "Helpdesk Administrator",
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    ),
    (
        "Security Administrator",
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
    ),
    (
        "Application Administrator",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    ),
    (
        "Conditional Access Administrator",
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    ),
    (
        "Exchange Administrator",
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
    ),
    (
        "Privileged Role Administrator",
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
    ),
    ("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
    ("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
    (
        "Attribute Assignment Administrator",
        "58a13ea3-c632-46ae-9ee0-9c0d43cd7f3d",
    ),
    (
        "Attribute Definition Administrator",
        "8424c6f0-a189-499e-bbd0-26c1753c96d4",
    ),
];

/// Role index constants into [`ROLES`].
pub mod role {
    /// Global Administrator.
    pub const GLOBAL_ADMIN: usize = 0;
    /// User Administrator.
    pub const USER_ADMIN: usize = 1;
    /// Helpdesk Administrator.
    pub const HELPDESK_ADMIN: usize = 2;
    /// Security Administrator.
    pub const SECURITY_ADMIN: usize = 3;
    /// Application Administrator.
    pub const APP_ADMIN: usize = 4;
    /// Conditional Access Administrator.
    pub const CA_ADMIN: usize = 5;
    /// Exchange Administrator.
    pub const EXCHANGE_ADMIN: usize = 6;
    /// Privileged Role Administrator.
    pub const PRIV_ROLE_ADMIN: usize = 7;
    /// Global Reader.
    pub const GLOBAL_READER: usize = 8;
    /// Security Reader.
    pub const SECURITY_READER: usize = 9;
    /// Attribute Assignment Administrator.
    pub const ATTR_ASSIGN_ADMIN: usize = 10;
    /// Attribute Definition Administrator.
    pub const ATTR_DEF_ADMIN: usize = 11;
}

/// Groups: (display name, `groupType` wire value, privileged).
pub const GROUPS: &[(&str, &str, bool)] = &[
    ("All Employees", "azureAD", false),
    ("Global Admins (PIM)", "azureAD", true),
    ("Finance-Approvers", "azureAD", true),
    ("Azure Subscription Owners", "azureAD", true),
    ("AWS-Admins", "azureAD", true),
    ("Helpdesk Operators", "azureAD", false),
    ("Engineering", "unifiedGroups", false),
    ("Sales Team", "unifiedGroups", false),
    ("Marketing", "unifiedGroups", false),
    ("Finance", "unifiedGroups", false),
    ("HR Confidential", "azureAD", false),
    ("Legacy Auth Exceptions", "azureAD", false),
    ("SSPR Enabled Users", "azureAD", false),
    ("Contoso Guests", "azureAD", false),
    ("Project Falcon", "unifiedGroups", false),
    ("Salesforce Users", "azureAD", false),
    ("AWS-Developers", "azureAD", false),
    ("ServiceNow Fulfillers", "azureAD", false),
];

/// What a Conditional Access policy does (drives evaluation in `conditional_access.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyRule {
    /// Require MFA for holders of admin roles.
    MfaForAdmins,
    /// Block legacy-authentication clients.
    BlockLegacy,
    /// Require a compliant device for Office 365 apps.
    CompliantDeviceForOffice,
    /// Require MFA outside trusted (office) networks.
    MfaOutsideTrusted,
    /// Sign-in risk medium or high: require MFA (high risk from anonymisers is blocked).
    SignInRisk,
    /// Report-only: phishing-resistant MFA for Azure management.
    PhishResistantAzureReportOnly,
    /// Disabled: block sign-ins from sanctioned countries.
    BlockCountriesDisabled,
}

/// Conditional Access policies: (display name, rule).
pub const POLICIES: &[(&str, PolicyRule)] = &[
    ("CA001: Require MFA for admins", PolicyRule::MfaForAdmins),
    (
        "CA002: Block legacy authentication",
        PolicyRule::BlockLegacy,
    ),
    (
        "CA003: Require compliant device for Office 365",
        PolicyRule::CompliantDeviceForOffice,
    ),
    (
        "CA004: Require MFA outside trusted locations",
        PolicyRule::MfaOutsideTrusted,
    ),
    ("CA005: Sign-in risk policy", PolicyRule::SignInRisk),
    (
        "CA006: Require phishing-resistant MFA for Azure management (report-only)",
        PolicyRule::PhishResistantAzureReportOnly,
    ),
    (
        "CA007: Block access from sanctioned countries",
        PolicyRule::BlockCountriesDisabled,
    ),
];

/// AADSTS error codes: (code, Graph `failureReason`, `additionalDetails`).
#[rustfmt::skip]
pub const ERRORS: &[(i64, &str, Option<&str>)] = &[
    (50126, "Error validating credentials due to invalid username or password.", Some( "The user didn't enter the right credentials. \u{a0}It's expected to see some number of these errors in your logs due to users making mistakes.", )),
    (50074, "Strong Authentication is required.", Some( "The user was presented with an MFA prompt and had not completed it when this request was logged.", )),
    (50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", Some("MFA required in Azure AD")),
    (53003, "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.", None),
    (50053, "Account is locked because user tried to sign in too many times with an incorrect user ID or password.", Some("The account is locked by Smart Lockout after repeated failed sign-in attempts.")),
    (50057, "User account is disabled.", Some("The user object in Active Directory backing this account has been disabled.")),
    (50055, "The password is expired.", Some("The user's password is expired, and therefore their login or session was ended.")),
    (50140, "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.", None),
    (530032, "The tenant admin has configured a security policy that blocks this request. Check the security policies that are defined on the tenant level to determine if your request meets the policy requirements.", None),
    (70044, "The session has expired or is invalid due to sign-in frequency checks by conditional access.", None),
    (700082, "The refresh token has expired due to inactivity.\u{a0} The token was issued on {issueDate} and was inactive for {time}.", None),
    (50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.", None),
    (500121, "Authentication failed during strong authentication request.", Some("The user didn't complete the MFA prompt.")),
    (50058, "Session information is not sufficient for single-sign-on.", None),
    (7000215, "Invalid client secret is provided.", None),
    (7000222, "The provided client secret keys are expired. Visit the Azure Portal to create new keys for your app, or consider using certificate credentials for added security.", None),
];

/// Looks up an error's (failureReason, additionalDetails).
pub fn error_text(code: i64) -> (&'static str, Option<&'static str>) {
    ERRORS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(("Other.", None), |(_, reason, details)| (*reason, *details))
}

/// Legacy-authentication `clientAppUsed` values with a typical user agent and weight.
pub const LEGACY_CLIENTS: &[(&str, &str, u32)] = &[
    ("Exchange ActiveSync", "Apple-iPhone15C2/2102.60.2", 20),
    (
        "Exchange Web Services",
        "ExchangeServicesClient/15.00.0913.015",
        8,
    ),
    ("IMAP4", "", 14),
    (
        "MAPI Over HTTP",
        "Microsoft Office/15.0 (Windows NT 6.1; Microsoft Outlook 15.0.5589; Pro)",
        8,
    ),
    (
        "Offline Address Book",
        "Microsoft Office/15.0 (Windows NT 6.1; Microsoft Outlook 15.0.5589; Pro)",
        4,
    ),
    (
        "Outlook Anywhere (RPC over HTTP)",
        "Microsoft Office/14.0 (Windows NT 6.1; Microsoft Outlook 14.0.7268; Pro)",
        5,
    ),
    ("Other clients", "BAV2ROPC", 12),
    ("POP3", "", 6),
    (
        "Reporting Web Services",
        "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506",
        3,
    ),
    ("Authenticated SMTP", "", 12),
    (
        "AutoDiscover",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
        8,
    ),
];

/// Operating systems with share, browser choices and whether corporate devices run it.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// `deviceDetail.operatingSystem`.
    pub os: &'static str,
    /// Relative share of primary devices.
    pub weight: u32,
    /// Browsers with weights: (browser text, user agent).
    pub browsers: &'static [(&'static str, &'static str, u32)],
    /// Desktop rich-client user agents (Office/Teams) on this OS.
    pub rich_client_ua: &'static str,
    /// Microsoft Teams desktop user agent on this OS.
    pub teams_ua: &'static str,
    /// `trustType` of a corporate device with this OS.
    pub trust_type: &'static str,
}

const UA_EDGE_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91";
const UA_CHROME_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36";
const UA_FIREFOX_WIN: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0";
const UA_CHROME_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36";
const UA_SAFARI_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
const UA_EDGE_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91";
const UA_FIREFOX_LINUX: &str =
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0";
const UA_CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36";

/// Teams desktop client on Windows.
const TEAMS_WIN: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 Teams/24004.1307.2669.7070";

/// Desktop platforms.
pub const DESKTOPS: &[Platform] = &[
    Platform {
        os: "Windows 11",
        weight: 45,
        browsers: &[
            ("Edge 120.0.0", UA_EDGE_WIN, 70),
            ("Chrome 121.0.0", UA_CHROME_WIN, 25),
            ("Firefox 122.0", UA_FIREFOX_WIN, 5),
        ],
        rich_client_ua: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
        teams_ua: TEAMS_WIN,
        trust_type: "Azure AD joined",
    },
    Platform {
        os: "Windows 10",
        weight: 25,
        browsers: &[
            ("Edge 120.0.0", UA_EDGE_WIN, 60),
            ("Chrome 121.0.0", UA_CHROME_WIN, 35),
            ("Firefox 122.0", UA_FIREFOX_WIN, 5),
        ],
        rich_client_ua: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)",
        teams_ua: TEAMS_WIN,
        trust_type: "Hybrid Azure AD joined",
    },
    Platform {
        os: "MacOs",
        weight: 22,
        browsers: &[
            ("Safari 17.2", UA_SAFARI_MAC, 35),
            ("Chrome 121.0.0", UA_CHROME_MAC, 50),
            ("Edge 120.0.0", UA_EDGE_MAC, 15),
        ],
        rich_client_ua: "Microsoft Office/16.0 (Macintosh; Mac OS X 14.2; Microsoft Outlook 16.80)",
        teams_ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Teams/24004.1307.2669.7070",
        trust_type: "Azure AD registered",
    },
    Platform {
        os: "Linux",
        weight: 8,
        browsers: &[
            ("Firefox 122.0", UA_FIREFOX_LINUX, 50),
            ("Chrome 121.0.0", UA_CHROME_LINUX, 50),
        ],
        rich_client_ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Teams/1.6.00.4472",
        teams_ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Teams/1.6.00.4472",
        trust_type: "",
    },
];

/// Mobile platforms: (os, browser, browser UA, Outlook UA, Teams UA, weight).
pub const MOBILES: &[(&str, &str, &str, &str, &str, u32)] = &[
    (
        "iOS 17.2",
        "Mobile Safari 17.2",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
        "Outlook-iOS/2.0",
        "Microsoft Teams/6.1.0 (iOS 17.2)",
        55,
    ),
    (
        "Android 14",
        "Chrome Mobile 121.0.6167",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.101 Mobile Safari/537.36",
        "Outlook-Android/2.0",
        "Microsoft Teams/1416/1.0.0.2024010401 (Android 14)",
        45,
    ),
];

/// Command-line client user agents: (app name, user agent).
pub const CLI_UAS: &[(&str, &str)] = &[
    (
        "Microsoft Azure CLI",
        "AZURECLI/2.56.0 (MSI) azsdk-python-azure-mgmt-resource/23.1.0b2 Python/3.11.5 (Windows-10-10.0.22631-SP0)",
    ),
    (
        "Microsoft Azure PowerShell",
        "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.1 Az.Accounts/2.15.0",
    ),
    (
        "Microsoft Exchange Online Remote PowerShell",
        "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506 ExchangeOnlineManagement/3.4.0",
    ),
];

/// Desktop client user agent of the Windows device sign-in (WAM broker).
pub const WINDOWS_BROKER_UA: &str = "Windows-AzureAD-Authentication-Provider/1.0";
