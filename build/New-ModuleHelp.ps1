<#
.SYNOPSIS
    Writes the module's MAML help file (what Get-Help reads for binary cmdlets) from docs/cmdlets/*.md.
.DESCRIPTION
    The markdown pages hold the prose: SYNOPSIS, DESCRIPTION, EXAMPLES (### title, a code fence, then remarks),
    PARAMETERS (### -Name, then its description), INPUTS, OUTPUTS (### type, then text), NOTES and RELATED LINKS.
    Everything that the cmdlet itself knows - parameter sets, types, positions, pipeline binding, aliases,
    wildcards - is read from the imported module, so help never disagrees with the code. A parameter without a
    description, or a page for a parameter that does not exist, fails the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $DocsFolder,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModuleManifest -PassThru -Force
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Read-HelpPage([string] $Path) {
    <# Splits a page into its ## sections; each holds its text and its ### subsections in order. #>
    $sections = [ordered]@{}
    $section = $null
    $sub = $null
    $inFence = $false
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^## (.+)$') {
            $section = [pscustomobject]@{ Text = [Collections.Generic.List[string]]::new(); Subsections = [ordered]@{} }
            $sections[$Matches[1].Trim()] = $section
            $sub = $null
            continue
        }
        if (-not $inFence -and $line -match "^### (.+)$" -and $null -ne $section) {
            $sub = [Collections.Generic.List[string]]::new()
            $section.Subsections[$Matches[1].Trim()] = $sub
            continue
        }
        if ($null -ne $sub) { $sub.Add($line) } elseif ($null -ne $section) { $section.Text.Add($line) }
    }
    $sections
}

function Split-Paragraphs([string[]] $Lines) {
    <# Markdown paragraphs (blank-line separated, soft-wrapped lines joined); list items stay separate. #>
    $paragraphs = [Collections.Generic.List[string]]::new()
    $current = [Collections.Generic.List[string]]::new()
    $flush = { if ($current.Count) { $paragraphs.Add(($current -join ' ').Trim()); $current.Clear() } }
    foreach ($line in $Lines) {
        if ($line -match '^\s*$') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    $paragraphs
}

function Split-Example([string[]] $Lines) {
    <# An example: its first code fence is the code, the rest is the remarks. #>
    $code = [Collections.Generic.List[string]]::new()
    $remarks = [Collections.Generic.List[string]]::new()
    $state = 'before'
    foreach ($line in $Lines) {
        if ($state -ne 'after' -and $line -match '^```') {
            $state = if ($state -eq 'before') { 'code' } else { 'after' }
            continue
        }
        if ($state -eq 'code') { $code.Add($line) } else { $remarks.Add($line) }
    }
    [pscustomobject]@{ Code = ($code -join "`n"); Remarks = @(Split-Paragraphs $remarks) }
}

function Get-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

function Get-PipelineText($Parameter) {
    $kinds = @()
    foreach ($set in $Parameter.ParameterSets.Values) {
        if ($set.ValueFromPipeline) { $kinds += 'ByValue' }
        if ($set.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    }
    $kinds = @($kinds | Select-Object -Unique)
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Paragraphs([Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $ns.maml)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $ns.maml, $p) }
    $Writer.WriteEndElement()
}

function Write-Parameter([Xml.XmlWriter] $Writer, $Parameter, $SetInfo, [string[]] $Description, [bool] $InSyntax) {
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $set = if ($SetInfo) { $SetInfo } else { @($Parameter.ParameterSets.Values)[0] }
    $position = if ($set.Position -ge 0) { [string] $set.Position } else { 'named' }
    $wildcards = [bool] ($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', $set.IsMandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineText $Parameter))
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Paragraphs $Writer $Description
    if (-not ($isSwitch -and $InSyntax)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString((Get-TypeName $Parameter.ParameterType))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.ParameterType.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $(if ($isSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

function Write-TypeList([Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Section) {
    $Writer.WriteStartElement('command', $ListName, $ns.command)
    if ($Section) {
        foreach ($entry in $Section.Subsections.GetEnumerator()) {
            $Writer.WriteStartElement('command', $ItemName, $ns.command)
            $Writer.WriteStartElement('dev', 'type', $ns.dev)
            $Writer.WriteElementString('maml', 'name', $ns.maml, $entry.Key)
            $Writer.WriteEndElement()
            Write-Paragraphs $Writer @(Split-Paragraphs $entry.Value)
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()
}

function Write-Command([Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Command, $Page) {
    $name = $Command.Name
    $parameterDocs = @{}
    foreach ($entry in $Page['PARAMETERS'].Subsections.GetEnumerator()) {
        $parameterDocs[$entry.Key.TrimStart('-')] = @(Split-Paragraphs $entry.Value)
    }
    $ownParameters = @($Command.Parameters.Values | Where-Object { $_.Name -notin $commonParameters })
    foreach ($p in $ownParameters) {
        if (-not $parameterDocs.ContainsKey($p.Name) -or -not $parameterDocs[$p.Name]) {
            throw "docs/cmdlets/$name.md: parameter -$($p.Name) has no description under ## PARAMETERS."
        }
    }
    foreach ($documented in $parameterDocs.Keys) {
        if ($documented -notin $ownParameters.Name) { throw "docs/cmdlets/$name.md documents -$documented, which $name does not have." }
    }
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES') {
        if (-not $Page.Contains($required)) { throw "docs/cmdlets/$name.md has no ## $required section." }
    }

    $Writer.WriteStartElement('command', 'command', $ns.command)
    $Writer.WriteStartElement('command', 'details', $ns.command)
    $Writer.WriteElementString('command', 'name', $ns.command, $name)
    $Writer.WriteElementString('command', 'verb', $ns.command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $ns.command, $Command.Noun)
    Write-Paragraphs $Writer @(Split-Paragraphs $Page['SYNOPSIS'].Text)
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer @(Split-Paragraphs $Page['DESCRIPTION'].Text)

    $Writer.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $name)
        $setParameters = @($set.Parameters | Where-Object { $_.Name -notin $commonParameters })
        # Positional parameters first, in position order, as PowerShell itself prints syntax.
        $ordered = @($setParameters | Where-Object Position -ge 0 | Sort-Object Position) +
            @($setParameters | Where-Object Position -lt 0)
        foreach ($sp in $ordered) {
            $parameter = $Command.Parameters[$sp.Name]
            Write-Parameter $Writer $parameter $parameter.ParameterSets[$set.Name] $parameterDocs[$sp.Name] $true
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($parameter in $ownParameters) {
        Write-Parameter $Writer $parameter $null $parameterDocs[$parameter.Name] $false
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $(if ($Page.Contains('INPUTS')) { $Page['INPUTS'] })
    Write-TypeList $Writer 'returnValues' 'returnValue' $(if ($Page.Contains('OUTPUTS')) { $Page['OUTPUTS'] })

    if ($Page.Contains('NOTES')) {
        $Writer.WriteStartElement('maml', 'alertSet', $ns.maml)
        $Writer.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($p in Split-Paragraphs $Page['NOTES'].Text) { $Writer.WriteElementString('maml', 'para', $ns.maml, $p) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $ns.command)
    foreach ($entry in $Page['EXAMPLES'].Subsections.GetEnumerator()) {
        $example = Split-Example $entry.Value
        $Writer.WriteStartElement('command', 'example', $ns.command)
        $Writer.WriteElementString('maml', 'title', $ns.maml, "---------- $($entry.Key) ----------")
        $Writer.WriteElementString('dev', 'code', $ns.dev, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $ns.dev)
        foreach ($p in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $ns.maml, $p) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    if ($Page.Contains('RELATED LINKS')) {
        foreach ($p in Split-Paragraphs $Page['RELATED LINKS'].Text) {
            $Writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $Writer.WriteElementString('maml', 'linkText', $ns.maml, ($p -replace '^[-*]\s*', '' -replace '\[([^\]]+)\]\([^)]*\)', '$1'))
            $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

$null = New-Item -ItemType Directory -Force (Split-Path $OutFile)
$settings = [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
$writer = [Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $ns.msh)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($prefix in 'maml', 'command', 'dev') {
        $writer.WriteAttributeString('xmlns', $prefix, 'http://www.w3.org/2000/xmlns/', $ns[$prefix])
    }
    foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
        $page = Join-Path $DocsFolder "$($command.Name).md"
        if (-not (Test-Path -LiteralPath $page)) { throw "The cmdlet $($command.Name) has no help page $page." }
        Write-Command $writer $command (Read-HelpPage $page)
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
