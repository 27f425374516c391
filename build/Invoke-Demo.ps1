<#
.SYNOPSIS
    The README's first command: writes a small Keras model with tools/SampleModels, converts it with the built
    module, exports it as .tflite, reads the file back and prints what it holds, then quantizes it to int8 and
    compares the two files (build.ps1 Demo runs it).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SampleModels,
    [Parameter(Mandatory)] [string] $OutFolder
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

$null = New-Item -ItemType Directory -Force $OutFolder
$keras = Join-Path $OutFolder 'demo_mlp.h5'
& dotnet $SampleModels demo-mlp $keras | Out-Null
if ($LASTEXITCODE -ne 0) { throw "SampleModels failed with exit code $LASTEXITCODE." }

Write-Host "Keras model: $keras ($((Get-Item $keras).Length) bytes)"
$graph = Import-KerasModel $keras -Verbose
$file = $graph | Export-TfLiteModel (Join-Path $OutFolder 'demo_mlp.tflite') -Force -PassThru

Write-Host "`nConverted graph:"
$graph | Format-List | Out-String -Width 200 | Write-Host
Write-Host 'Operators:'
$graph.Main.Operators | Format-Table @{ n = 'Operator'; e = { $_.Code } },
    @{ n = 'Inputs'; e = { ($_.Inputs | ForEach-Object { if ($_) { "$($_.Name)$($_.ShapeText)" } else { '-' } }) -join ', ' } },
    @{ n = 'Outputs'; e = { ($_.Outputs | ForEach-Object { "$($_.Name)$($_.ShapeText)" }) -join ', ' } } -AutoSize |
    Out-String -Width 200 | Write-Host

Write-Host "TFLite file: $($file.FullName) ($($file.Length) bytes)"
$back = Import-TfLiteModel $file.FullName
Write-Host ("Read back: {0} operators, {1} parameters, input {2}, output {3}" -f $back.OperatorCount, $back.ParameterCount,
    $back.Inputs[0].ShapeText, $back.Outputs[0].ShapeText)

Write-Host "`nMeasured (static analysis and 20 timed runs):"
Measure-TfLiteModel -LiteralPath $file.FullName -Latency -Iterations 20 | Format-Table | Out-String -Width 200 | Write-Host

# Full-integer quantization, calibrated on seeded samples of the 4 input features, checked against the float model.
$random = [Random]::new(7)
$calibration = [float[,]]::new(64, 4)
for ($s = 0; $s -lt 64; $s++) { for ($f = 0; $f -lt 4; $f++) { $calibration[$s, $f] = [float]($random.NextDouble() * 2 - 1) } }
$int8 = $graph | Optimize-TfLiteModel -Mode Int8 -CalibrationData (, $calibration) -InputType Int8 -OutputType Int8
$int8File = $int8 | Export-TfLiteModel (Join-Path $OutFolder 'demo_mlp_int8.tflite') -Force -PassThru
Write-Host ("Int8 file: {0} ({1} bytes; input scale {2:G4}, zero point {3})" -f $int8File.FullName, $int8File.Length,
    $int8.Inputs[0].Quantization.Scale[0], $int8.Inputs[0].Quantization.ZeroPoint[0])
$accuracy = (Measure-TfLiteModel -LiteralPath $int8File.FullName -Reference $file.FullName -SampleCount 32).Accuracy
Write-Host "`nInt8 against float on 32 seeded random inputs:"
$accuracy.Outputs | Format-Table | Out-String -Width 200 | Write-Host
