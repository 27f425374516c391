#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the TfLite.PowerShell module.
.DESCRIPTION
    Run as `dotnet tool restore && dotnet pwsh ./build.ps1 <Task>`; a fresh machine needs only the .NET SDK.
      Build    builds the solution and lays out the module in out/TfLite.PowerShell/<version>/
      Test     Build, then the xunit suites (dotnet test) and the Pester suites; ends with "N passed, N failed, N skipped"
      Package  Build, then zips the module folder to out/TfLite.PowerShell.<version>.zip
      Demo     Build, then writes a small Keras model, converts and exports it, prints its summary, quantizes it
               to int8 and compares it with the float model
      Clean    removes out/ and the build output of every project
    Exits with a non-zero code when a step or any test fails.
.PARAMETER Configuration
    Release (default): the optimized module users run. Debug builds unoptimized code for a debugger; its interpreter
    is many times slower (see docs/benchmarks.md).
.PARAMETER Filter
    Test only: an xunit filter expression passed to `dotnet test --filter`.
.PARAMETER PesterPath
    Test only: Pester test files or folders to run instead of tests/TfLite.PowerShell.Tests.
.PARAMETER SkipXunit
    Test only: run only the Pester suites.
.PARAMETER SkipPester
    Test only: run only the xunit suites.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $Filter,
    [string[]] $PesterPath,
    [switch] $SkipXunit,
    [switch] $SkipPester
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RepoRoot = $PSScriptRoot
$OutDir = Join-Path $RepoRoot 'out'
$ModuleName = 'TfLite.PowerShell'
$Solution = Join-Path $RepoRoot 'TfLite.PowerShell.sln'
$CmdletProject = Join-Path $RepoRoot 'src' $ModuleName
$CoreProject = Join-Path $RepoRoot 'src' 'TfLite.Core'
$ModuleSource = Join-Path $RepoRoot 'module'
$DocsCmdlets = Join-Path $RepoRoot 'docs' 'cmdlets'
$PesterTests = Join-Path $RepoRoot 'tests' 'TfLite.PowerShell.Tests'
$BuildScripts = Join-Path $RepoRoot 'build'
$SampleModelsProject = Join-Path $RepoRoot 'tools' 'SampleModels'

. (Join-Path $BuildScripts 'BuildCommon.ps1')

function Get-ModuleVersion {
    # The manifest is the single place the version is read from; the MSBuild Version must agree with it.
    $manifest = Import-PowerShellDataFile (Join-Path $ModuleSource "$ModuleName.psd1")
    [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
    $msbuildVersion = @($props.Project.PropertyGroup | ForEach-Object { $_['Version'] } | Where-Object { $_ })[0].InnerText
    if ($msbuildVersion -ne $manifest.ModuleVersion) {
        throw "Version mismatch: module/$ModuleName.psd1 says $($manifest.ModuleVersion), Directory.Build.props says $msbuildVersion."
    }
    $manifest.ModuleVersion
}

function Get-ModuleFolder { Join-Path $OutDir $ModuleName (Get-ModuleVersion) }

# The small Keras file writer the demo and the Pester tests use; the solution build builds it.
function Get-SampleModelsTool { Join-Path $SampleModelsProject 'bin' $Configuration 'net10.0' 'SampleModels.dll' }

function Invoke-Build {
    Write-Step "Building $Solution ($Configuration)"
    Invoke-Dotnet build $Solution -c $Configuration --nologo --verbosity minimal

    $moduleFolder = Get-ModuleFolder
    Write-Step "Laying out the module in $moduleFolder"
    $binary = Join-Path $CmdletProject 'bin' $Configuration 'net8.0'
    if (Test-Path $moduleFolder) { Remove-Item $moduleFolder -Recurse -Force }
    $dependencies = New-Item -ItemType Directory -Force (Join-Path $moduleFolder 'Dependencies')

    # PowerShell loads only the cmdlet assembly; everything it depends on goes to Dependencies/, where the
    # module's own load context (not the default one) finds it.
    foreach ($file in Get-ChildItem $binary -File) {
        if ($file.Extension -notin '.dll', '.pdb') { continue }
        $target = if ($file.BaseName -eq $ModuleName) { $moduleFolder } else { $dependencies }
        Copy-Item $file.FullName $target
    }
    Copy-Item (Join-Path $ModuleSource '*') $moduleFolder -Recurse
    Add-PrecompiledDependencies $dependencies

    $helpFile = Join-Path $moduleFolder 'en-US' "$ModuleName.dll-Help.xml"
    Invoke-ChildPwsh (Join-Path $BuildScripts 'New-ModuleHelp.ps1') @{
        ModuleManifest = Join-Path $moduleFolder "$ModuleName.psd1"; DocsFolder = $DocsCmdlets; OutFile = $helpFile
    }
    $moduleFolder
}

# .NET compiles each method the first time it runs. A ReadyToRun image carries that code precompiled, but only the
# runtime version it was compiled for uses it (.NET 10 ignores code precompiled for .NET 8, the module's portable
# target). So TfLite.Core and its libraries are also published precompiled for .NET 10 on this machine's platform,
# into Dependencies/net10.0-<rid>/, which the module's load context prefers when the session runs that runtime on
# that platform. Without it (another platform, no NuGet access) the module runs the portable assemblies as before.
function Add-PrecompiledDependencies([string] $Dependencies) {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $folder = Join-Path $Dependencies "net10.0-$rid"
    Write-Step "Precompiling TfLite.Core for .NET 10 on $rid (ReadyToRun)"
    try {
        Invoke-Dotnet publish $CoreProject -c $Configuration -f net10.0 -r $rid --self-contained false `
            '-p:PublishReadyToRun=true' -o $folder --nologo --verbosity quiet
        Get-ChildItem $folder -File | Where-Object Extension -notin '.dll', '.pdb' | Remove-Item
    }
    catch {
        Write-Warning "No ReadyToRun images for ${rid}: $_. The module uses its portable assemblies."
        if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    }
}

function Get-PesterModule {
    $project = Join-Path $BuildScripts 'BuildTools.csproj'
    Invoke-Dotnet restore $project --nologo --verbosity quiet
    $assets = Get-Content -Raw (Join-Path $BuildScripts 'obj' 'project.assets.json') | ConvertFrom-Json
    $packageFolder = @($assets.packageFolders.PSObject.Properties.Name)[0]
    $manifest = Join-Path $packageFolder 'pester' '5.7.1' 'tools' 'Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester was restored but $manifest is missing." }
    $manifest
}

function Invoke-XunitTests {
    $results = Join-Path $OutDir 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $arguments = @('test', $Solution, '--no-build', '-c', $Configuration, '--nologo',
        '--logger', 'trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)
    if ($Filter) { $arguments += @('--filter', $Filter) }
    Write-Step 'Running xunit tests'
    & dotnet @arguments | Out-Host
    $exitCode = $LASTEXITCODE
    $counts = Read-TrxCounts $results
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        # dotnet test failed without a failed test (crash, missing project): count the run itself as a failure.
        Write-Warning "dotnet test exited with $exitCode."
        $counts.Failed = 1
    }
    $counts
}

function Invoke-PesterTests {
    $pester = Get-PesterModule
    $countsFile = Join-Path $OutDir 'pester-counts.json'
    if (Test-Path $countsFile) { Remove-Item $countsFile }
    $paths = if ($PesterPath) { $PesterPath | ForEach-Object { (Resolve-Path $_).Path } } else { @($PesterTests) }
    Write-Step 'Running Pester tests'
    # A child process keeps the module out of this one, so Build can replace its files on the next run.
    Invoke-ChildPwsh (Join-Path $BuildScripts 'Invoke-PesterRun.ps1') @{
        PesterManifest = $pester; ModuleManifest = Join-Path (Get-ModuleFolder) "$ModuleName.psd1"
        SampleModels = Get-SampleModelsTool; TestPath = @($paths); CountsFile = $countsFile
    } -AllowFailure
    if (-not (Test-Path $countsFile)) {
        Write-Warning 'The Pester run ended without reporting its results.'
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    Get-Content -Raw $countsFile | ConvertFrom-Json
}

function Invoke-Test {
    $null = Invoke-Build
    $runs = @()
    if (-not $SkipXunit) { $runs += Invoke-XunitTests }
    if (-not $SkipPester) { $runs += Invoke-PesterTests }
    $passed = ($runs | Measure-Object Passed -Sum).Sum
    $failed = ($runs | Measure-Object Failed -Sum).Sum
    $skipped = ($runs | Measure-Object Skipped -Sum).Sum
    $ran = $passed + $failed
    if ($ran -eq 0) { $failed = 1; Write-Warning 'No test ran.' }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    $moduleFolder = Invoke-Build
    $version = Split-Path $moduleFolder -Leaf
    $zip = Join-Path $OutDir "$ModuleName.$version.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    # The archive holds TfLite.PowerShell/<version>/..., ready to unzip into a folder of $env:PSModulePath.
    $staging = Join-Path $OutDir 'package'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    $null = New-Item -ItemType Directory (Join-Path $staging $ModuleName)
    Copy-Item $moduleFolder (Join-Path $staging $ModuleName) -Recurse
    [IO.Compression.ZipFile]::CreateFromDirectory((Join-Path $staging $ModuleName), $zip,
        [IO.Compression.CompressionLevel]::Optimal, $true)
    Remove-Item $staging -Recurse -Force
    Write-Step "Package: $zip"
}

function Invoke-Demo {
    $moduleFolder = Invoke-Build
    Invoke-ChildPwsh (Join-Path $BuildScripts 'Invoke-Demo.ps1') @{
        ModuleManifest = Join-Path $moduleFolder "$ModuleName.psd1"; SampleModels = Get-SampleModelsTool
        OutFolder = Join-Path $OutDir 'demo'
    }
}

function Invoke-Clean {
    Write-Step 'Cleaning'
    if (Test-Path $OutDir) { Remove-Item $OutDir -Recurse -Force }
    Get-ChildItem $RepoRoot -Directory -Recurse -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force
}

Push-Location $RepoRoot
try {
    switch ($Task) {
        'Build' { $null = Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
        'Clean' { Invoke-Clean }
    }
}
catch {
    Write-Host "build.ps1 $Task failed: $_" -ForegroundColor Red
    exit 1
}
finally {
    Pop-Location
}
