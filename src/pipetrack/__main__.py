from pipetrack.cli.main import main

main()
