<#
.SYNOPSIS
    Runs the Pester suites against the built module and writes the counts to a JSON file (build.ps1 Test runs it in
    a child process).
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SampleModels,
    [Parameter(Mandatory)] [string[]] $TestPath,
    [Parameter(Mandatory)] [string] $CountsFile
)
$ErrorActionPreference = 'Stop'

# The test files import the module and run the sample writer named here (tests/TfLite.PowerShell.Tests/TestSetup.ps1).
$env:TFLITE_MODULE_MANIFEST = $ModuleManifest
$env:TFLITE_SAMPLE_MODELS = $SampleModels
Import-Module $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if ($env:CI -or [Console]::IsOutputRedirected) {
    # Logs read as text: no colour escape sequences.
    $configuration.Output.RenderMode = 'Plaintext'
    $PSStyle.OutputRendering = 'PlainText'
}
$result = Invoke-Pester -Configuration $configuration

[pscustomobject]@{
    Passed  = $result.PassedCount
    # Failed blocks (a throwing BeforeAll) and containers that could not run count as failures too.
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -LiteralPath $CountsFile -Encoding utf8

exit ([int] ($result.Result -ne 'Passed'))
