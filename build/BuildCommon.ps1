# Helpers shared by build.ps1 and the scripts it starts. Dot-source it.

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Dotnet {
    # Out-Host: tool output is for the reader, never part of a function's return value.
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-PwshCommandLine {
    # Start children with the same PowerShell that runs this script: either a native pwsh or, as a local dotnet
    # tool, `dotnet <path>/pwsh.dll`.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, [Environment]::GetCommandLineArgs()[0])
    }
    @($process)
}

function Invoke-ChildPwsh {
    <# Runs a script in a new PowerShell process with named parameters (any JSON-serializable values).
       Throws when the script fails unless -AllowFailure. #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Parameters = @{},
        [switch] $AllowFailure
    )
    $parameterFile = [IO.Path]::GetTempFileName()
    try {
        $Parameters | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $parameterFile -Encoding utf8
        $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
        $command = "`$p = Get-Content -Raw -LiteralPath $(& $quote $parameterFile) | ConvertFrom-Json -AsHashtable; " +
            "& $(& $quote $Script) @p; exit `$LASTEXITCODE"
        $pwsh = @(Get-PwshCommandLine)
        [string[]] $rest = @($pwsh | Select-Object -Skip 1)
        & $pwsh[0] @rest -NoProfile -NonInteractive -Command $command | Out-Host
        $exitCode = $LASTEXITCODE
    }
    finally {
        Remove-Item -LiteralPath $parameterFile -ErrorAction Ignore
    }
    if ($exitCode -ne 0 -and -not $AllowFailure) { throw "$([IO.Path]::GetFileName($Script)) failed with exit code $exitCode." }
}

function Read-TrxCounts([string] $Folder) {
    <# Adds up the counters of every .trx file (one per test project) below a folder. #>
    $counts = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem $Folder -Filter *.trx -Recurse -ErrorAction Ignore) {
        [xml] $xml = Get-Content -Raw -LiteralPath $trx.FullName
        $c = $xml.TestRun.ResultSummary.Counters
        $counts.Passed += [int] $c.passed
        $counts.Failed += [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        # Skipped tests are counted in total but not in executed; notExecuted stays 0 for them.
        $counts.Skipped += [int] $c.total - [int] $c.executed
    }
    $counts
}
