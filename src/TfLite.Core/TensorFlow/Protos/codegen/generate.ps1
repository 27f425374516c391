#requires -Version 7.4
<#
.SYNOPSIS
    Regenerates the C# messages in ../Generated from the .proto files beside this folder.
.DESCRIPTION
    Restores protoc from the Google.Protobuf.Tools package (pinned in ProtoCompiler.csproj) and runs it on every
    .proto of the parent folder. Run as `dotnet pwsh src/TfLite.Core/TensorFlow/Protos/codegen/generate.ps1` after
    changing a .proto, and commit the generated files with it.
#>
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$project = Join-Path $PSScriptRoot 'ProtoCompiler.csproj'
& dotnet restore $project --nologo --verbosity quiet
if ($LASTEXITCODE -ne 0) { throw "dotnet restore $project failed." }

$assets = Get-Content -Raw (Join-Path $PSScriptRoot 'obj' 'project.assets.json') | ConvertFrom-Json
$packageFolder = @($assets.packageFolders.PSObject.Properties.Name)[0]
$tools = Join-Path $packageFolder 'google.protobuf.tools' '3.36.2' 'tools'

$arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
$os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'macosx' } else { 'linux' }
$protoc = Join-Path $tools "${os}_$arch" ($IsWindows ? 'protoc.exe' : 'protoc')
if (-not (Test-Path $protoc)) { throw "protoc for $os/$arch is not in $tools." }
if (-not $IsWindows) { & chmod +x $protoc }

$protoFolder = Split-Path $PSScriptRoot -Parent
$outFolder = Join-Path $protoFolder 'Generated'
Get-ChildItem $outFolder -Filter '*.cs' -ErrorAction SilentlyContinue | Remove-Item
$protos = Get-ChildItem $protoFolder -Filter '*.proto' | ForEach-Object Name
Push-Location $protoFolder
try {
    & $protoc "--proto_path=." "--proto_path=$tools" "--csharp_out=$outFolder" "--csharp_opt=file_extension=.g.cs" @protos
    if ($LASTEXITCODE -ne 0) { throw 'protoc failed.' }
}
finally { Pop-Location }
Write-Host "Generated $(@(Get-ChildItem $outFolder -Filter '*.cs').Count) files in $outFolder"
