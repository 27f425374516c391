BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
}

# Discovery needs the cmdlet names before the module is imported: take them from the source manifest.
$ExportedCmdlets = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '..' '..' 'module' 'TfLite.PowerShell.psd1')).CmdletsToExport

Describe 'Module manifest' {
    It 'is a valid manifest that needs PowerShell 7.4 or later' {
        $info = Test-ModuleManifest $ModuleManifest
        $info.PowerShellVersion | Should -Be ([version] '7.4')
        $info.RootModule | Should -Be 'TfLite.PowerShell.dll'
    }

    It 'exports every cmdlet of its assembly, and nothing else' {
        $assembly = (Get-Command Import-KerasModel).ImplementingType.Assembly
        $declared = $assembly.GetExportedTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $declared | Should -Not -BeNullOrEmpty
        (Get-Command -Module TfLite.PowerShell).Name | Sort-Object | Should -Be $declared
        (Get-Module TfLite.PowerShell).ExportedFunctions.Count | Should -Be 0
        (Get-Module TfLite.PowerShell).ExportedAliases.Count | Should -Be 0
    }

    It 'has the version the MSBuild properties give' {
        [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
        $version = @($props.Project.PropertyGroup | ForEach-Object { $_['Version'] } | Where-Object { $_ })[0].InnerText
        (Get-Module TfLite.PowerShell).Version | Should -Be ([version] $version)
    }
}

Describe 'Assembly isolation' {
    BeforeAll {
        $Dependencies = Join-Path (Split-Path $ModuleManifest) 'Dependencies'
        # Where build.ps1 puts the ReadyToRun images for the .NET version and platform running these tests.
        $Precompiled = Join-Path $Dependencies ('net{0}.0-{1}' -f [Environment]::Version.Major,
            [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)
    }

    It 'loads TfLite.Core into the module''s own load context, not the default one' {
        $core = (Get-GraphType).Assembly
        $core.GetName().Name | Should -Be 'TfLite.Core'
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core)
        $context | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        $context.Name | Should -Be 'TfLite.PowerShell.Dependencies'
        $core.Location | Should -BeLike ($Dependencies + [IO.Path]::DirectorySeparatorChar + '*TfLite.Core.dll')
    }

    It 'prefers the ReadyToRun images built for the running .NET version and platform' {
        # The pinned PowerShell runs on .NET 10, the version build.ps1 precompiles for.
        [Environment]::Version.Major | Should -Be 10
        Join-Path $Precompiled 'TfLite.Core.dll' | Should -Exist
        (Get-GraphType).Assembly.Location | Should -Be (Join-Path $Precompiled 'TfLite.Core.dll')
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-GraphType).Assembly)
        $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('PureHDF')).Location |
            Should -Be (Join-Path $Precompiled 'PureHDF.dll')
    }

    It 'keeps the cmdlet assembly in the default context and every dependency out of it' {
        $cmdletAssembly = (Get-Command Import-KerasModel).ImplementingType.Assembly
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($cmdletAssembly) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        $shipped = (Get-ChildItem (Join-Path (Split-Path $ModuleManifest) 'Dependencies') -Filter *.dll).BaseName
        $shipped | Should -Contain 'TfLite.Core'
        $shipped | Should -Contain 'PureHDF'
        $shipped | Should -Contain 'Google.FlatBuffers'
        $inDefault = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name
        $inDefault | Where-Object { $_ -in $shipped } | Should -BeNullOrEmpty
    }

    It 'resolves third-party dependencies from Dependencies inside the private context' {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-GraphType).Assembly)
        foreach ($name in 'PureHDF', 'Google.FlatBuffers') {
            $assembly = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new($name))
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly) | Should -Be $context
            $assembly.Location | Should -BeIn @((Join-Path $Dependencies "$name.dll"), (Join-Path $Precompiled "$name.dll"))
        }
    }

    It 'lets framework assemblies come from the default context' {
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-GraphType).Assembly)
        $runtime = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('System.Runtime'))
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($runtime) |
            Should -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

Describe 'Formatting' {
    It 'shows a graph with its inputs, outputs and counts by default' {
        $text = New-TestGraph -Name 'fmt' | Out-String
        $text | Should -Match 'Name\s+: fmt'
        $text | Should -Match 'Inputs\s+: input Float32 \[-1,4\]'
        $text | Should -Match 'Outputs\s+: input Float32 \[-1,4\]'
        $text | Should -Match 'Operators\s+: 0'
        $text | Should -Match 'Parameters\s+: 12'
        $text | Should -Match 'ConstantSize\s+: 0\.0 KiB'
    }

    It 'shows tensors as a table with their shape' {
        $graph = New-TestGraph
        $text = $graph.Main.Tensors | Out-String
        $text | Should -Match 'Name\s+Type\s+Shape\s+Constant\s+Quantization'
        $text | Should -Match 'weights\s+Float32\s+\[3,4\]\s+True'
        $graph.Main.Tensors[0].ShapeText | Should -Be '[-1,4]'
    }
}

Describe 'Help' -ForEach @($ExportedCmdlets | ForEach-Object { @{ Name = $_ } }) {
    It '<Name> has a synopsis, a description and examples' {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Export|^\s*Import' -Because 'a missing help file makes Get-Help print the syntax as synopsis'
        $help.description.Text | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        @($help.examples.example)[0].code | Should -Match $Name
    }

    It '<Name> documents every parameter' {
        $help = Get-Help $Name -Full
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $entry = $help.parameters.parameter | Where-Object name -eq $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter must be in the help"
            ($entry.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It '<Name> has a markdown page in docs/cmdlets' {
        Join-Path $RepoRoot 'docs' 'cmdlets' "$Name.md" | Should -Exist
    }
}
