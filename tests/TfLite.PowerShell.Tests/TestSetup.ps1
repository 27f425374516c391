# Dot-sourced by every test file's BeforeAll: imports the built module and locates the shared corpus.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path

$script:ModuleManifest = if ($env:TFLITE_MODULE_MANIFEST) { $env:TFLITE_MODULE_MANIFEST } else {
    # Run outside build.ps1: take the module that `build.ps1 Build` laid out.
    $found = @(Get-ChildItem (Join-Path $RepoRoot 'out' 'TfLite.PowerShell') -Filter TfLite.PowerShell.psd1 -Recurse -ErrorAction Ignore)
    if ($found.Count -ne 1) { throw 'Build the module first: dotnet pwsh ./build.ps1 Build' }
    $found[0].FullName
}
if (-not (Get-Module TfLite.PowerShell)) { Import-Module $ModuleManifest -ErrorAction Stop }

# Normalized, because the cmdlets report provider paths without '..' segments.
$script:SharedRoot = [IO.Path]::GetFullPath($(if ($env:TFLITE_SHARED_DIR) { $env:TFLITE_SHARED_DIR } else { Join-Path $RepoRoot '..' 'shared' }))

function Get-SharedPath([string] $RelativePath) {
    $path = Join-Path $SharedRoot $RelativePath
    if (-not (Test-Path -LiteralPath $path)) { throw "Shared test file missing: $path" }
    $path
}

function Get-GraphType {
    # The module's types live in its own load context; reach them through a cmdlet's parameter type.
    (Get-Command Export-TfLiteModel).Parameters['InputObject'].ParameterType
}

function Get-CoreType([string] $Name) {
    (Get-GraphType).Assembly.GetType($Name, $true)
}

function New-TestGraph([string] $Name = 'test') {
    <# A small graph built directly on the IR: one float input [-1,4] and a constant weight tensor [3,4]. #>
    $graph = (Get-GraphType)::CreateEmpty($Name)
    $tensorType = Get-CoreType 'TfLite.Core.Graph.Tensor'
    $float32 = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.TensorType'), 'Float32')
    $input = $tensorType::new('input', $float32, [int[]] @(1, 4))
    $input.ShapeSignature = [int[]] @(-1, 4)
    $weights = $tensorType::new('weights', $float32, [int[]] @(3, 4))
    $weights.Data = [byte[]]::new(48)
    $graph.Main.Tensors.Add($input)
    $graph.Main.Tensors.Add($weights)
    $graph.Main.Inputs.Add($input)
    $graph.Main.Outputs.Add($input)
    $graph
}

function Get-ErrorId([System.Management.Automation.ErrorRecord] $Record) {
    # FullyQualifiedErrorId is "<ErrorId>,<command type>".
    $Record.FullyQualifiedErrorId.Split(',')[0]
}

function New-SampleModel([ValidateSet('demo-mlp', 'unknown-layer', 'not-keras', 'demo-fakequant', 'demo-savedmodel', 'demo-keras-savedmodel', 'qat-guide')] [string] $Kind, [string] $Path) {
    <# Writes a small Keras file (or a non-Keras HDF5 file, a frozen TensorFlow graph, or a SavedModel folder) with tools/SampleModels, which build.ps1 builds. #>
    $tool = if ($env:TFLITE_SAMPLE_MODELS) { $env:TFLITE_SAMPLE_MODELS } else {
        @(Get-ChildItem (Join-Path $RepoRoot 'tools' 'SampleModels' 'bin') -Filter SampleModels.dll -Recurse -ErrorAction Ignore)[0].FullName
    }
    if (-not $tool -or -not (Test-Path -LiteralPath $tool)) { throw 'tools/SampleModels is not built: dotnet pwsh ./build.ps1 Build' }
    $null = & dotnet $tool $Kind $Path
    if ($LASTEXITCODE -ne 0) { throw "SampleModels $Kind failed with exit code $LASTEXITCODE." }
    $Path
}

function New-TruncatedCopy([string] $Source, [string] $Path, [double] $Fraction = 0.5) {
    <# The first part of a real file: what an interrupted download or copy leaves. #>
    $bytes = [IO.File]::ReadAllBytes($Source)
    [IO.File]::WriteAllBytes($Path, $bytes[0..([int]($bytes.Length * $Fraction) - 1)])
    $Path
}

function New-UnsupportedOpGraph {
    <# A float graph whose only operator (CUMSUM) has no kernel in the interpreter. #>
    $graph = (Get-GraphType)::CreateEmpty('unsupported')
    $tensorType = Get-CoreType 'TfLite.Core.Graph.Tensor'
    $float32 = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.TensorType'), 'Float32')
    $int32 = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.TensorType'), 'Int32')
    $in = $graph.Main.AddTensor($tensorType::new('x', $float32, [int[]] @(1, 4)))
    $axis = $graph.Main.AddTensor($tensorType::new('axis', $int32, [int[]] @()))
    $axis.Data = [byte[]]::new(4)
    $out = $graph.Main.AddTensor($tensorType::new('y', $float32, [int[]] @(1, 4)))
    $graph.Main.Inputs.Add($in)
    $graph.Main.Outputs.Add($out)
    $code = [Enum]::Parse((Get-CoreType 'TfLite.Core.Graph.BuiltinOperator'), 'Cumsum')
    $inputs = [Array]::CreateInstance($tensorType, 2); $inputs[0] = $in; $inputs[1] = $axis
    $outputs = [Array]::CreateInstance($tensorType, 1); $outputs[0] = $out
    $null = $graph.Main.AddOperator((Get-CoreType 'TfLite.Core.Graph.Operator')::new($code, $inputs, $outputs, $null))
    $graph
}
