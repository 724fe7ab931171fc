from kalendarium.cli import main

main()
