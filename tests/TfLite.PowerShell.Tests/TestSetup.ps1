# Dot-sourced by every test file's BeforeAll: imports the built module and locates the shared corpus.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path

$script:ModuleManifest = if ($env:TFLITE_MODULE_MANIFEST) { $env:TFLITE_MODULE_MANIFEST } else {
    # Run outside build.ps1: take the module that `build.ps1 Build` laid out.
    $found = @(Get-ChildItem (Join-Path $RepoRoot 'out' 'TfLite.PowerShell') -Filter TfLite.PowerShell.psd1 -Recurse -ErrorAction Ignore)
    if ($found.Count -ne 1) { throw 'Build the module first: dotnet pwsh ./build.ps1 Build' }
    $found[0].FullName
}
if (-not (Get-Module TfLite.PowerShell)) { Import-Module $ModuleManifest -ErrorAction Stop }

$script:SharedRoot = if ($env:TFLITE_SHARED_DIR) { $env:TFLITE_SHARED_DIR } else { Join-Path $RepoRoot '..' 'shared' }

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
