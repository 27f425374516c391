#Requires -Version 7.2
<#
.SYNOPSIS
    Regenerates docs/quantization-report.md from the quantization report test.

.DESCRIPTION
    Runs the test of category QuantizationReport (QuantizationReportTests) with TFLITE_QUANTIZATION_REPORT pointing at
    the report file. The test quantizes every Keras model of ../shared/models that has TensorFlow's int8 or
    dynamic-range .tflite, compares signal-to-noise ratios, sizes and, for the MNIST classifiers, top-1 accuracy, and
    writes the Markdown before it asserts its bars, so a failing run still produces the report (the script then
    exits 1). By default the full data is used (2000 test digits, 500 calibration digits); -Quick uses the smaller
    sample counts of a plain test run.

.PARAMETER OutputPath
    Where to write the report (default: docs/quantization-report.md of this repository).

.PARAMETER Quick
    Use the plain test run's sample counts (faster, less precise).

.EXAMPLE
    dotnet tool restore
    dotnet tool run pwsh -NoProfile -File docs/tools/Update-QuantizationReport.ps1
#>
[CmdletBinding()]
param(
    [string] $OutputPath,
    [switch] $Quick
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
if (-not $OutputPath) { $OutputPath = Join-Path $repo 'docs/quantization-report.md' }
$OutputPath = [IO.Path]::GetFullPath($OutputPath)

$env:TFLITE_QUANTIZATION_REPORT = $OutputPath
if ($Quick) { $env:TFLITE_QUANTIZATION_REPORT_QUICK = '1' }
try {
    & dotnet test (Join-Path $repo 'tests/TfLite.Core.Tests') --filter 'Category=QuantizationReport' | Out-Host
    $testExit = $LASTEXITCODE
}
finally {
    Remove-Item Env:TFLITE_QUANTIZATION_REPORT, Env:TFLITE_QUANTIZATION_REPORT_QUICK -ErrorAction Ignore
}

if (-not (Test-Path -LiteralPath $OutputPath)) { throw "The test run wrote no report to $OutputPath." }
Write-Host "Wrote $OutputPath"
if ($testExit -ne 0) { exit 1 }
