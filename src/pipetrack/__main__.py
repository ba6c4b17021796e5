from pipetrack.cli import main

main()
