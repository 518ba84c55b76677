#!/usr/bin/env pwsh
# FastLog build entry point. On a fresh machine with the .NET SDK:
#   dotnet tool restore            # brings PowerShell 7 as a local tool (.config/dotnet-tools.json)
#   dotnet pwsh build.ps1 <task> [extra args]
#
# Tasks:
#   package        release archives artifacts/fastlog-VERSION-linux-{x64,arm64}.tar.gz + .sha256, reproducible
#                  (SOURCE_DATE_EPOCH = commit time); extra args name the RIDs (default: linux-x64 linux-arm64).
#                  arm64 is cross-compiled with Debian's gcc-aarch64-linux-gnu (installed when missing, as root)
#   build          dotnet build -c Release (whole solution)
#   test           dotnet test tests/FastLog.Tests -c Release
#   test-scanners  the test project once per FASTLOG_SCANNER=scalar|v128|v256 (Release)
#   publish        native AOT binary -> artifacts/fastlog (fails if it is 15 MB or more)
#   aot-smoke      artifacts/fastlog vs the JIT build on data/samples (.ci/aot-smoke.sh)
#   scale-test     scale/ci.sh: merge of partials on GNU parallel, Slurm and Dask (root; ~6.5 min; publishes first if needed)
#   bench          side-by-side peers on a 1 GB generated log (bench/scripts/compare.sh)
#   samples        rewrite data/samples/ with `fastlog generate --samples` (JIT build)
#   check-samples  fail if data/samples/ differs from what `fastlog generate --samples` writes
#   micro          BenchmarkDotNet micro-benchmarks, all classes on a short job unless --filter/--job say
#                  otherwise (extra args go to BenchmarkDotNet) -> bench/results/<cpu>/<Bench>.md
#   fuzz           coverage-guided fuzzing (SharpFuzz + libFuzzer, see fuzz/README.md):
#                  fuzz -List                       prints the target names, one a line
#                  fuzz -Target NAME -Seconds N     fuzzes NAME from its seed corpus; ends with
#                                                   "fuzz NAME: E execs, C crashes" (exit 1 when C > 0,
#                                                   the reproducer under fuzz/findings/NAME/)
#                  -Target a,b|all                  several targets, one per core at a time
#                  [-Seed S] [-Timeout SECONDS] [-Core N] [-Nice]
#
# Every native command is checked: a non-zero exit code stops the script with exit code 1.
param(
    [string]$Task = 'build',
    # fuzz task only (see fuzz/README.md)
    [switch]$List,
    [string]$Target,
    [int]$Seconds = 30,
    [long]$Seed = 0,
    [int]$Timeout = 3,
    [int]$Core = -1,
    [switch]$Nice,
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
Set-Location $Root

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

# Binary size limit (the product target: a binary under 15 MB), decimal megabytes.
$MaxBinaryBytes = 15 * 1000 * 1000
$Scanners = @('scalar', 'v128', 'v256')

function Invoke-Native {
    param([Parameter(Mandatory)][string]$Exe, [string[]]$Arguments = @())
    Write-Host "> $Exe $($Arguments -join ' ')" -ForegroundColor Cyan
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        Write-Host "FAILED (exit $LASTEXITCODE): $Exe $($Arguments -join ' ')" -ForegroundColor Red
        exit 1
    }
}

function Invoke-Build {
    Invoke-Native dotnet (@('build', 'FastLog.sln', '-c', 'Release') + $Rest)
}

function Invoke-Test {
    Invoke-Native dotnet (@('test', 'tests/FastLog.Tests', '-c', 'Release') + $Rest)
}

function Test-CpuHasAvx2 {
    # Only used to skip v256 on CPUs without AVX2 (forcing it there is a usage error by design).
    if (-not (Test-Path /proc/cpuinfo)) { return $true }
    return [bool](Select-String -Path /proc/cpuinfo -Pattern '\bavx2\b' -Quiet)
}

function Invoke-TestScanners {
    Invoke-Native dotnet @('build', 'tests/FastLog.Tests', '-c', 'Release')
    $failed = @()
    foreach ($scanner in $Scanners) {
        if ($scanner -eq 'v256' -and -not (Test-CpuHasAvx2)) {
            Write-Host "skip FASTLOG_SCANNER=v256: this CPU has no AVX2" -ForegroundColor Yellow
            continue
        }
        Write-Host "=== FASTLOG_SCANNER=$scanner ===" -ForegroundColor Cyan
        $env:FASTLOG_SCANNER = $scanner
        try {
            & dotnet test tests/FastLog.Tests -c Release --no-build @Rest
            if ($LASTEXITCODE -ne 0) { $failed += $scanner }
        }
        finally {
            Remove-Item Env:FASTLOG_SCANNER -ErrorAction SilentlyContinue
        }
    }
    if ($failed.Count -gt 0) {
        Write-Host "test-scanners FAILED for: $($failed -join ', ')" -ForegroundColor Red
        exit 1
    }
    Write-Host "test-scanners: all scanners passed" -ForegroundColor Green
}

function Invoke-Publish {
    $publishDir = Join-Path $Root 'artifacts/publish'
    Invoke-Native dotnet (@('publish', 'src/FastLog.Aot', '-c', 'Release', '-r', 'linux-x64', '-o', $publishDir) + $Rest)
    # The native file is named after the executable's AssemblyName (TargetName); ask MSBuild
    # rather than assume, so artifacts/fastlog stays right if the assembly is renamed.
    $targetName = (& dotnet msbuild src/FastLog.Aot/FastLog.Aot.csproj -nologo -getProperty:TargetName -p:Configuration=Release -p:RuntimeIdentifier=linux-x64 | Select-Object -Last 1).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $targetName) { Write-Host 'publish: cannot read TargetName of src/FastLog.Aot' -ForegroundColor Red; exit 1 }
    $native = Join-Path $publishDir $targetName
    if (-not (Test-Path $native -PathType Leaf)) {
        Write-Host "publish: native binary not found at $native" -ForegroundColor Red
        exit 1
    }
    $dest = Join-Path $Root 'artifacts/fastlog'
    Copy-Item $native $dest -Force
    if (-not $IsWindows) { Invoke-Native chmod @('+x', $dest) }
    $size = (Get-Item $dest).Length
    Write-Host ("artifacts/fastlog: {0:N0} bytes ({1:N2} MB; limit {2:N0} MB)" -f $size, ($size / 1e6), ($MaxBinaryBytes / 1e6))
    if ($size -ge $MaxBinaryBytes) {
        Write-Host "publish: binary is too large" -ForegroundColor Red
        exit 1
    }
}

function Invoke-AotSmoke {
    if (-not (Test-Path (Join-Path $Root 'artifacts/fastlog'))) {
        Write-Host "artifacts/fastlog is missing: publishing first" -ForegroundColor Yellow
        Invoke-Publish
    }
    Invoke-Native bash (@('.ci/aot-smoke.sh') + $Rest)
}

function Invoke-ScaleTest {
    if (-not (Test-Path (Join-Path $Root 'artifacts/fastlog'))) {
        Write-Host "artifacts/fastlog is missing: publishing first" -ForegroundColor Yellow
        Invoke-Publish
    }
    Invoke-Native bash (@('scale/ci.sh', (Join-Path $Root 'artifacts/fastlog')) + $Rest)
}

# --- package: release archives ---------------------------------------------------------------

$PackageRids = @('linux-x64', 'linux-arm64')

# Debian's cross linker and arm64 sysroot for the linux-arm64 link step (ILC itself runs on x64).
function Install-Arm64CrossToolchain {
    if ((Get-Command aarch64-linux-gnu-gcc -ErrorAction SilentlyContinue) -and (Test-Path /usr/aarch64-linux-gnu/lib/libc.so.6)) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue) -or (& id -u) -ne '0') {
        Write-Host 'package: linux-arm64 needs aarch64-linux-gnu-gcc: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu' -ForegroundColor Red
        exit 1
    }
    Invoke-Native apt-get @('update', '-qq')
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('install', '-y', '-qq', 'gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'binutils-aarch64-linux-gnu')
}

function Get-MsBuildProperty([string]$Name) {
    $value = (& dotnet msbuild src/FastLog.Aot/FastLog.Aot.csproj -nologo "-getProperty:$Name" -p:Configuration=Release | Select-Object -Last 1).Trim()
    if ($LASTEXITCODE -ne 0 -or -not $value) { Write-Host "package: cannot read $Name of src/FastLog.Aot" -ForegroundColor Red; exit 1 }
    return $value
}

# One archive: publish for $Rid, stage fastlog-VERSION-RID/ with the binary, docs and completions,
# then tar with fixed order, mtimes, owners and modes, and gzip without a name or time stamp.
function New-ReleaseArchive([string]$Rid, [string]$Version, [string]$Epoch) {
    $work = Join-Path $Root "artifacts/package/$Rid"
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
    $publishArgs = @('publish', 'src/FastLog.Aot', '-c', 'Release', '-r', $Rid, '-o', (Join-Path $work 'publish'),
        '-p:ContinuousIntegrationBuild=true')
    if ($Rid -eq 'linux-arm64') {
        Install-Arm64CrossToolchain
        $publishArgs += @('-p:CppCompilerAndLinker=aarch64-linux-gnu-gcc', '-p:ObjCopyName=aarch64-linux-gnu-objcopy')
    }
    $start = Get-Date
    Invoke-Native dotnet $publishArgs
    Write-Host ("package: {0} published in {1:N0} s" -f $Rid, ((Get-Date) - $start).TotalSeconds)
    $targetName = Get-MsBuildProperty TargetName
    $name = "fastlog-$Version-$Rid"
    $stage = Join-Path $work $name
    New-Item -ItemType Directory -Force -Path (Join-Path $stage 'completions') | Out-Null
    Copy-Item (Join-Path $work "publish/$targetName") (Join-Path $stage 'fastlog')
    $size = (Get-Item (Join-Path $stage 'fastlog')).Length
    if ($size -ge $MaxBinaryBytes) { Write-Host "package: $Rid binary is $size bytes, over the limit" -ForegroundColor Red; exit 1 }
    Copy-Item README.md, LICENSE $stage
    # Man page and completions are the same text for every RID: written by the x64 binary of this run.
    $generator = Join-Path $Root 'artifacts/package/linux-x64/publish' | Join-Path -ChildPath $targetName
    if (-not (Test-Path $generator)) { Write-Host 'package: linux-x64 is packaged first (it writes fastlog.1 and the completions)' -ForegroundColor Red; exit 1 }
    $texts = [ordered]@{ 'fastlog.1' = @('man'); 'completions/fastlog.bash' = @('completion', 'bash'); 'completions/_fastlog' = @('completion', 'zsh'); 'completions/fastlog.fish' = @('completion', 'fish') }
    foreach ($entry in $texts.GetEnumerator()) {
        $out = Join-Path $stage $entry.Key
        & bash -c '"$0" "${@:2}" > "$1"' $generator $out @($entry.Value)
        if ($LASTEXITCODE -ne 0) { Write-Host "package: fastlog $($entry.Value -join ' ') failed" -ForegroundColor Red; exit 1 }
    }
    Invoke-Native chmod @('-R', 'u=rwX,go=rX', $stage)
    Invoke-Native chmod @('0755', (Join-Path $stage 'fastlog'))
    $archive = Join-Path $Root "artifacts/$name.tar.gz"
    Invoke-Native bash @('-c', 'set -o pipefail; tar --sort=name --mtime="@$1" --owner=0 --group=0 --numeric-owner --format=gnu -C "$2" -cf - "$3" | gzip -n -9 > "$4"',
        'tar', $Epoch, $work, $name, $archive)
    Invoke-Native bash @('-c', 'cd "$1" && sha256sum "$2" > "$2.sha256" && sha256sum -c "$2.sha256"', 'sha256', (Join-Path $Root 'artifacts'), "$name.tar.gz")
    Write-Host "package: artifacts/$name.tar.gz ($((Get-Item $archive).Length) bytes; fastlog $size bytes)" -ForegroundColor Green
}

function Invoke-Package {
    $rids = if ($Rest.Count -gt 0) { $Rest } else { $PackageRids }
    foreach ($rid in $rids) { if ($PackageRids -notcontains $rid) { Write-Host "package: unknown RID '$rid'; expected $($PackageRids -join ' | ')" -ForegroundColor Red; exit 2 } }
    # The x64 binary writes the man page and completions, so it is built first.
    $rids = @('linux-x64') + @($rids | Where-Object { $_ -ne 'linux-x64' })
    # Reproducible: every time stamp (tar mtimes, the build date in --version and fastlog.1) is the
    # commit's, unless the caller fixed SOURCE_DATE_EPOCH.
    if (-not $env:SOURCE_DATE_EPOCH) { $env:SOURCE_DATE_EPOCH = (& git log -1 --format=%ct).Trim() }
    if (-not $env:SOURCE_DATE_EPOCH) { Write-Host 'package: no SOURCE_DATE_EPOCH and no git commit' -ForegroundColor Red; exit 1 }
    $version = Get-MsBuildProperty Version
    foreach ($rid in $rids) { New-ReleaseArchive $rid $version $env:SOURCE_DATE_EPOCH }
}

function Invoke-Bench {
    Invoke-Native bash (@('bench/scripts/compare.sh') + $Rest)
}

function Get-CpuName {
    $name = $null
    if (Test-Path /proc/cpuinfo) {
        $line = Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1
        if ($line) { $name = $line.Matches[0].Groups[1].Value }
    }
    if (-not $name) { $name = $env:PROCESSOR_IDENTIFIER }
    if (-not $name) { $name = 'unknown-cpu' }
    # "AMD EPYC 7B13 64-Core Processor" -> "AMD-EPYC-7B13-64-Core-Processor"
    return (($name -replace '\((R|TM)\)', '') -replace '[^A-Za-z0-9._]+', '-').Trim('-')
}

function Write-Versions([string]$Path) {
    $os = if (Test-Path /etc/os-release) { (Select-String -Path /etc/os-release -Pattern '^PRETTY_NAME="?([^"]*)"?' | Select-Object -First 1).Matches[0].Groups[1].Value } else { [System.Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $commit = (& git rev-parse --short HEAD 2>$null)
    $dirty = (& git status --porcelain --untracked-files=no -- src 2>$null)
    if ($dirty) { $commit = "$commit (+ uncommitted changes to tracked files under src/)" }
    $lines = @(
        "date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC",
        "cpu: $(Get-CpuName) ($([Environment]::ProcessorCount) logical cores)",
        "os: $os, kernel $(& uname -r 2>$null)",
        ".NET SDK: $(& dotnet --version)",
        "BenchmarkDotNet: 0.15.8",
        "FastLog commit: $commit"
    )
    Set-Content -Path $Path -Value $lines
}

function Invoke-Micro {
    # BenchmarkDotNet exits 0 even when a benchmark fails to build or run (seen on this project's CI);
    # Program.Main turns failures into exit code 1, and the report file is checked as well.
    $resultsDir = Join-Path $Root 'BenchmarkDotNet.Artifacts/results'
    $bdnArgs = @($Rest)
    # Every class by default (Scanning, Formats, Aggregation, EndToEnd), on BenchmarkDotNet's short
    # job: 3 iterations is enough for the committed tables on this noisy 2-core machine, and keeps
    # the whole run to a few minutes; pass --job default (or -j) for tighter intervals.
    # Not a bare '*': PowerShell on Unix expands it to the file names here before dotnet sees it.
    if ($bdnArgs -notcontains '--filter' -and $bdnArgs -notcontains '-f') { $bdnArgs = @('--filter', 'FastLog.Benchmarks.*') + $bdnArgs }
    if ($bdnArgs -notcontains '--job' -and $bdnArgs -notcontains '-j') { $bdnArgs = @('--job', 'short') + $bdnArgs }
    if (Test-Path $resultsDir) { Remove-Item (Join-Path $resultsDir '*-report-github.md') }
    Invoke-Native dotnet (@('run', '--project', 'bench/FastLog.Benchmarks', '-c', 'Release', '--') + $bdnArgs)
    $reports = @(Get-ChildItem -Path $resultsDir -Filter '*-report-github.md' -ErrorAction SilentlyContinue)
    if ($reports.Count -eq 0) {
        Write-Host "micro: BenchmarkDotNet wrote no report under $resultsDir" -ForegroundColor Red
        exit 1
    }
    # Commit-ready copies: bench/results/<cpu>/<Bench>.md + Versions.txt.
    $dest = Join-Path $Root "bench/results/$(Get-CpuName)"
    New-Item -ItemType Directory -Force -Path $dest | Out-Null
    foreach ($report in $reports) {
        # "FastLog.Benchmarks.Scanning.ScannerBench-report-github.md" -> "ScannerBench.md"
        $bench = ($report.Name -replace '-report-github\.md$', '').Split('.')[-1]
        Copy-Item $report.FullName (Join-Path $dest "$bench.md") -Force
        Write-Host "wrote bench/results/$(Get-CpuName)/$bench.md"
    }
    Write-Versions (Join-Path $dest 'Versions.txt')
}

function Invoke-Samples([string]$Folder) {
    Invoke-Native dotnet @('run', '--project', 'src/FastLog.Aot', '-c', 'Release', '--', 'generate', '--samples', $Folder)
}

function Invoke-CheckSamples {
    $tmp = Join-Path ([System.IO.Path]::GetTempPath()) "fastlog-samples-$PID"
    try {
        Invoke-Samples $tmp
        $committed = Join-Path $Root 'data/samples'
        $differ = 0
        # Both directions: a sample the generator no longer writes is a difference too.
        $names = @(Get-ChildItem -Recurse -File $tmp | ForEach-Object { [System.IO.Path]::GetRelativePath($tmp, $_.FullName) }) +
            @(Get-ChildItem -Recurse -File $committed | ForEach-Object { [System.IO.Path]::GetRelativePath($committed, $_.FullName) }) | Sort-Object -Unique
        foreach ($name in $names) {
            $a = Join-Path $tmp $name
            $b = Join-Path $committed $name
            $same = (Test-Path $a) -and (Test-Path $b) -and ((Get-FileHash $a).Hash -eq (Get-FileHash $b).Hash)
            Write-Host ("{0} {1}" -f ($(if ($same) { 'ok  ' } else { 'DIFF' }), $name))
            if (-not $same) { $differ++ }
        }
        if ($differ -gt 0) {
            Write-Host "check-samples: $differ file(s) differ from 'fastlog generate --samples' (rewrite them with: dotnet pwsh build.ps1 samples)" -ForegroundColor Red
            exit 1
        }
    }
    finally {
        Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
    }
}

function Install-FuzzTools {
    # libFuzzer's static library and clang build the bridge (fuzz/driver); both from Debian.
    $libFuzzer = '/usr/lib/llvm-14/lib/libFuzzer.a'
    if (-not (Test-Path $libFuzzer) -or -not (Get-Command clang-14 -ErrorAction SilentlyContinue)) {
        Write-Host "installing clang-14 and libfuzzer-14-dev (apt)" -ForegroundColor Yellow
        Invoke-Native apt-get @('update', '-qq') | Out-Host
        $env:DEBIAN_FRONTEND = 'noninteractive'
        Invoke-Native apt-get @('install', '-y', '-qq', 'clang-14', 'libfuzzer-14-dev') | Out-Host
    }
    $work = Join-Path $Root 'artifacts/fuzz'
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    $bridge = Join-Path $work 'libfuzzer-bridge'
    $source = Join-Path $Root 'fuzz/driver/libfuzzer-bridge.c'
    if (-not (Test-Path $bridge) -or (Get-Item $source).LastWriteTime -gt (Get-Item $bridge).LastWriteTime) {
        Invoke-Native clang-14 @('-O2', '-c', $source, '-o', "$bridge.o") | Out-Host
        Invoke-Native clang++-14 @("$bridge.o", $libFuzzer, '-lpthread', '-o', $bridge) | Out-Host
    }
    return $bridge
}

function Build-FuzzHarness([switch]$Instrument) {
    $log = Join-Path ([IO.Path]::GetTempPath()) "fastlog-fuzz-build-$PID.log"
    & dotnet build fuzz/FastLog.Fuzz -c Release *> $log
    if ($LASTEXITCODE -ne 0) { Get-Content $log | Write-Host; Write-Host 'fuzz: the harness does not build' -ForegroundColor Red; exit 1 }
    Remove-Item $log
    $built = Join-Path $Root 'fuzz/FastLog.Fuzz/bin/Release/net10.0'
    if (-not $Instrument) { return $built }
    # SharpFuzz rewrites the dll in place and refuses an instrumented one: always a fresh copy.
    $out = Join-Path $Root "artifacts/fuzz/out-$PID"
    if (Test-Path $out) { Remove-Item -Recurse -Force $out }
    Copy-Item -Recurse $built $out
    Invoke-Native dotnet @('tool', 'restore') | Out-Host
    Invoke-Native dotnet @('sharpfuzz', (Join-Path $out 'FastLog.Engine.dll')) | Out-Host
    return $out
}

# libFuzzer's reproducers (crash-, timeout-, oom-, leak-…), not its slow-unit- reports: an input
# over 10 s is only noted, and on a loaded machine at nice 19 that is starvation, not a hang (-Timeout is).
function Get-FuzzFindings([string]$Dir) {
    return @(Get-ChildItem $Dir -File | Where-Object Name -notlike 'slow-unit-*')
}

function Start-FuzzRun([string]$Name, [string]$Bridge, [string]$Harness, [int]$OnCore) {
    # Seed corpus: committed seeds, every past crasher, generated logs and samples; the corpus
    # libFuzzer grows stays under artifacts/ for the next run.
    $corpus = Join-Path $Root "artifacts/fuzz/corpus/$Name"
    New-Item -ItemType Directory -Force -Path $corpus | Out-Null
    foreach ($dir in @("fuzz/seeds/$Name", "fuzz/regressions/$Name")) {
        if (Test-Path $dir) { Get-ChildItem $dir -File | Where-Object Name -ne 'README.md' | Copy-Item -Destination $corpus }
    }
    Invoke-Native dotnet @($Harness, 'seeds', $Name, $corpus) | Out-Host
    $findings = Join-Path $Root "fuzz/findings/$Name"
    New-Item -ItemType Directory -Force -Path $findings | Out-Null
    $flags = @("--target_path=dotnet", "--target_arg=$Harness", '--target_arg=libfuzzer', "--target_arg=$Name",
        "-max_total_time=$Seconds", "-timeout=$Timeout", '-max_len=65536', '-rss_limit_mb=4096', '-print_final_stats=1',
        "-artifact_prefix=$findings/")
    if ($Seed -ne 0) { $flags += "-seed=$Seed" }
    $dict = Join-Path $Root "fuzz/dict/$Name.dict"
    if (Test-Path $dict) { $flags += "-dict=$dict" }
    # The bridge and its dotnet child ping-pong over pipes: one core for both is 4x faster than two.
    $command = @("$OnCore") + $(if ($Nice) { @('nice', '-n', '19') } else { @() }) + @($Bridge) + $flags + @($corpus)
    $log = Join-Path $Root "artifacts/fuzz/$Name.log"
    $process = Start-Process -FilePath taskset -ArgumentList (@('-c') + $command) -RedirectStandardError $log -RedirectStandardOutput "$log.out" -PassThru -NoNewWindow
    return [pscustomobject]@{ Name = $Name; Process = $process; Log = $log; Findings = $findings; Before = @(Get-FuzzFindings $findings).Count }
}

function Complete-FuzzRun($Run) {
    $Run.Process.WaitForExit()
    $rc = $Run.Process.ExitCode
    $execs = 0
    $line = Select-String -Path $Run.Log -Pattern '^stat::number_of_executed_units:\s*(\d+)' | Select-Object -Last 1
    if ($line) { $execs = [long]$line.Matches[0].Groups[1].Value }
    $coverage = Select-String -Path $Run.Log -Pattern '^#\d+\s+\w+\s.*?ft: (\d+)' | Select-Object -Last 1
    $features = if ($coverage) { $coverage.Matches[0].Groups[1].Value } else { '?' }
    $crashes = @(Get-FuzzFindings $Run.Findings).Count - $Run.Before
    if ($rc -ne 0 -and $crashes -eq 0) {
        Get-Content $Run.Log -Tail 40 | Write-Host
        Write-Host "fuzz $($Run.Name): libFuzzer exited $rc without a reproducer (log: $($Run.Log))" -ForegroundColor Red
        $crashes = 1
    }
    elseif ($crashes -gt 0) {
        Get-Content $Run.Log | Select-String -Pattern 'Exception|InvariantViolation|   at |SUMMARY|Test unit written' | Select-Object -First 40 | ForEach-Object { Write-Host $_.Line }
        Get-FuzzFindings $Run.Findings | Sort-Object LastWriteTime | Select-Object -Last $crashes | ForEach-Object {
            Write-Host "reproduce: dotnet fuzz/FastLog.Fuzz/bin/Release/net10.0/FastLog.Fuzz.dll repro $($Run.Name) $($_.FullName)" -ForegroundColor Yellow
        }
    }
    Write-Host "fuzz $($Run.Name): coverage $features features, log $($Run.Log)"
    Write-Host "fuzz $($Run.Name): $execs execs, $crashes crashes"
    return $crashes
}

function Invoke-Fuzz {
    if ($List) {
        $built = Build-FuzzHarness
        & dotnet (Join-Path $built 'FastLog.Fuzz.dll') list
        exit $LASTEXITCODE
    }
    if (-not $Target) { Write-Host 'fuzz: -List, or -Target NAME[,NAME…|all] -Seconds N' -ForegroundColor Red; exit 2 }
    $bridge = Install-FuzzTools
    $out = Build-FuzzHarness -Instrument
    $harness = Join-Path $out 'FastLog.Fuzz.dll'
    $names = @(& dotnet $harness list)
    $wanted = @(if ($Target -eq 'all') { $names } else { $Target -split ',' })
    foreach ($name in $wanted) {
        if ($names -notcontains $name) { Write-Host "fuzz: no target '$name' (fuzz -List)" -ForegroundColor Red; exit 2 }
    }
    $env:DOTNET_GCHeapHardLimit = '0x80000000'
    $env:FASTLOG_REPO = $Root
    # Several targets: one per core at a time (-Core pins a single run).
    $cores = @(if ($Core -ge 0) { $Core } else { 0..([Environment]::ProcessorCount - 1) })
    $total = 0
    for ($i = 0; $i -lt $wanted.Count; $i += $cores.Count) {
        $wave = @()
        for ($j = 0; $j -lt $cores.Count -and $i + $j -lt $wanted.Count; $j++) {
            $wave += Start-FuzzRun $wanted[$i + $j] $bridge $harness $cores[$j]
        }
        foreach ($run in $wave) { $total += Complete-FuzzRun $run }
    }
    Remove-Item -Recurse -Force $out
    if ($total -gt 0) { exit 1 }
}

switch ($Task) {
    'package' { Invoke-Package }
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'test-scanners' { Invoke-TestScanners }
    'publish' { Invoke-Publish }
    'aot-smoke' { Invoke-AotSmoke }
    'scale-test' { Invoke-ScaleTest }
    'bench' { Invoke-Bench }
    'micro' { Invoke-Micro }
    'samples' { Invoke-Samples (Join-Path $Root 'data/samples') }
    'check-samples' { Invoke-CheckSamples }
    'fuzz' { Invoke-Fuzz }
    default {
        Write-Host "unknown task '$Task'; expected build | test | test-scanners | publish | aot-smoke | bench | micro | samples | check-samples | fuzz | scale-test" -ForegroundColor Red
        exit 2
    }
}
exit 0
