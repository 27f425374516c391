<#
.SYNOPSIS
    The README's first command: writes a small Keras model with tools/SampleModels, converts it with the built
    module, exports it as .tflite, reads the file back and prints what it holds, then quantizes it to int8 and
    compares the two files; then converts a frozen TensorFlow graph with FakeQuant nodes to uint8 from its own
    ranges (build.ps1 Demo runs it).
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

# A TensorFlow 1 quantization-aware graph, frozen: FakeQuant nodes carry the ranges learned in training, so the uint8
# model needs no calibration data. Input stats (mean 0, std 1) as TensorFlow's quantized_input_stats.
$frozen = Join-Path $OutFolder 'demo_qat_frozen.pb'
& dotnet $SampleModels demo-fakequant $frozen | Out-Null
if ($LASTEXITCODE -ne 0) { throw "SampleModels failed with exit code $LASTEXITCODE." }
Write-Host "`nFrozen TensorFlow graph with FakeQuant nodes: $frozen ($((Get-Item $frozen).Length) bytes)"
$tfGraph = Import-TfModel $frozen -OutputName logits
$uint8 = $tfGraph | Optimize-TfLiteModel -Mode Int8 -InputType UInt8 -OutputType UInt8 -InputStats 0, 1
$uint8File = $uint8 | Export-TfLiteModel (Join-Path $OutFolder 'demo_qat_uint8.tflite') -Force -PassThru
Write-Host ("UInt8 file: {0} ({1} bytes; {2} operators: {3})" -f $uint8File.FullName, $uint8File.Length, $uint8.OperatorCount,
    (($uint8.Main.Operators | ForEach-Object { $_.Code }) -join ', '))
Write-Host 'Activation ranges taken from the FakeQuant nodes:'
$uint8.Main.Tensors | Where-Object { $_.Type -in 'UInt8', 'Int8' -and -not $_.Data } |
    Format-Table Name, Type, ShapeText, @{ n = 'Scale'; e = { '{0:G5}' -f $_.Quantization.Scale[0] } },
        @{ n = 'ZeroPoint'; e = { $_.Quantization.ZeroPoint[0] } } -AutoSize | Out-String -Width 200 | Write-Host
