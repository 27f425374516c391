# Path handling shared by Import-KerasModel, Import-TfModel and Import-TfLiteModel (both derive from ModelFileImportCommand).
# Dot-source at the top level of a test file after setting $PathTestCommand; it declares a Describe block.

Describe '<Command> path handling' -ForEach @(@{ Command = $PathTestCommand }) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestSetup.ps1')
        $script:Metadata = Get-Command $Command
    }

    It 'takes -Path by position and from the pipeline, with wildcards' {
        $path = $Metadata.Parameters['Path']
        $path.ParameterType | Should -Be ([string[]])
        $path.ParameterSets['Path'].Position | Should -Be 0
        $path.ParameterSets['Path'].ValueFromPipeline | Should -BeTrue
        $path.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
        $Metadata.DefaultParameterSet | Should -Be 'Path'
    }

    It 'takes -LiteralPath by property name, aliased PSPath and LP' {
        $literal = $Metadata.Parameters['LiteralPath']
        $literal.ParameterType | Should -Be ([string[]])
        $literal.ParameterSets['LiteralPath'].ValueFromPipelineByPropertyName | Should -BeTrue
        $literal.ParameterSets['LiteralPath'].IsMandatory | Should -BeTrue
        $literal.Aliases | Should -Be @('PSPath', 'LP')
    }

    It 'reports a missing file as PathNotFound with the full path as target' {
        $missing = Join-Path $TestDrive 'missing.model'
        $out = & $Command -Path $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        Get-ErrorId $err[0] | Should -Be 'PathNotFound'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $missing
        $err[0].FullyQualifiedErrorId | Should -BeLike "PathNotFound,TfLite.PowerShell.Commands.*"
    }

    It 'resolves relative paths against the PowerShell location, not the process folder' {
        Push-Location $TestDrive
        try {
            & $Command -LiteralPath 'relative.model' -ErrorVariable err -ErrorAction SilentlyContinue
        }
        finally { Pop-Location }
        $err[0].TargetObject | Should -Be (Join-Path $TestDrive 'relative.model')
    }

    It 'writes one error per failing path and goes on with the others' {
        $paths = 'a.model', 'b.model', 'c.model' | ForEach-Object { Join-Path $TestDrive $_ }
        $paths | & $Command -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 3
        $err.TargetObject | Should -Be $paths
    }

    It 'does not expand wildcards in -LiteralPath' {
        $bracketed = Join-Path $TestDrive 'x[1].model'
        & $Command -LiteralPath $bracketed -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'PathNotFound'
        $err[0].TargetObject | Should -Be $bracketed
    }

    It 'yields nothing, and no error, for a wildcard that matches nothing' {
        $out = & $Command -Path (Join-Path $TestDrive 'nothing*.model') -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 0
    }

    It 'reports a folder as PathIsDirectory' {
        & $Command -Path $TestDrive -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'PathIsDirectory'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'rejects paths of other providers as NotFileSystemPath' {
        & $Command -Path 'Env:PATH' -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'NotFileSystemPath'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a drive that does not exist as PathNotFound' {
        & $Command -Path 'NoSuchDrive:\model.h5' -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err[0] | Should -Be 'PathNotFound'
    }

    It 'refuses an empty path at binding time' {
        { & $Command -Path '' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
