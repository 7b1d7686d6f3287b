from reportgen.cli.commands import main

main()
